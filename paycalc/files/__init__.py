"""Scheme and scale files: safe YAML, the models they load into, cross-file checks, the registry
that finds them by id, and the JSON Schema and template written for their authors."""
