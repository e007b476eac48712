"""Item pipelines: validate, dedupe, write. Each decides or writes; none extracts."""
