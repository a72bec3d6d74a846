"""The fact file: the typed model, loading YAML with the location of every value, round-trip
editing that keeps comments, writing a new file, the JSON Schema, and the section kinds.

May import `drafter.text`, `drafter.errors`, `drafter.fsutil`, `drafter.resources`, pydantic,
PyYAML and ruamel.yaml; never the DOCX, interview, review or import stages.
"""
