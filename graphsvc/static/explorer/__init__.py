"""The explorer page bundle (built from explorer/ by esbuild; committed)."""
