"""`python -m creditgraph.ingest.policies write [FOLDER]`: regenerate the shipped extraction and jieba resources."""

from __future__ import annotations

import sys
from pathlib import Path

from creditgraph.ingest.policies.corpus import POLICY_DATA, parse_folder, write_policy_data
from creditgraph.ingest.policies.userdict import write_form_tokens, write_userdict

DEFAULT_FOLDER = Path(__file__).resolve().parents[2].parent / "shared" / "policies"


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "write":
        print("usage: python -m creditgraph.ingest.policies write [FOLDER]", file=sys.stderr)
        return 2
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_FOLDER
    corpus = parse_folder(folder)
    print(
        f"wrote {write_policy_data(corpus, POLICY_DATA)}: {len(corpus.documents)} documents, "
        f"{len(corpus.tasks)} tasks, {len(corpus.measures)} measures"
    )
    print(f"wrote {write_userdict()}")
    print(f"wrote {write_form_tokens()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
