"""Link prediction for collaborator recommendation (Liben-Nowell & Kleinberg protocol)."""

from queries.linkpred.records import Record, read_works_jsonl, records_from_works

__all__ = ["Record", "read_works_jsonl", "records_from_works"]
