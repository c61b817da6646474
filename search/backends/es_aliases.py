"""The read and write aliases of the Elasticsearch index as one value, and the alias changes of a rebuild."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Aliases:
    """Which indices the read alias and the write alias point at.

    Normally both point at one index. While a rebuild fills a new index, the write alias points at the old
    and the new one, with the new one as its write index, and the read alias still at the old one.
    """

    read_alias: str
    write_alias: str
    read: tuple[str, ...]
    write: tuple[str, ...]
    write_index: str | None

    @classmethod
    def of(cls, found: dict, *, read: str, write: str) -> Aliases:
        """From Elasticsearch's answer to GET <indices>/_alias."""
        behind = {name: info.get("aliases", {}) for name, info in found.items()}
        readers = tuple(sorted(name for name, aliases in behind.items() if read in aliases))
        writers = tuple(sorted(name for name, aliases in behind.items() if write in aliases))
        flagged = [name for name in writers if behind[name][write].get("is_write_index")]
        write_index = flagged[0] if flagged else (writers[0] if len(writers) == 1 else None)
        return cls(read, write, readers, writers, write_index)

    @property
    def rebuilding(self) -> str | None:
        """The index a rebuild is filling: the write alias writes into an index nobody reads yet."""
        return self.write_index if self.write_index and self.write_index not in self.read else None

    def start_rebuild(self, new_index: str) -> list[dict]:
        return [{"add": {"index": new_index, "alias": self.write_alias, "is_write_index": True}}] + [
            {"add": {"index": name, "alias": self.write_alias, "is_write_index": False}}
            for name in self.write
        ]

    def swap(self, new_index: str) -> list[dict]:
        """Reads move to the new index and the old ones go, in one atomic change."""
        old = sorted((set(self.read) | set(self.write)) - {new_index})
        return [{"add": {"index": new_index, "alias": self.read_alias, "is_write_index": True}}] + [
            {"remove_index": {"index": name}} for name in old
        ]

    def drop_rebuild(self, new_index: str) -> list[dict]:
        """The serving index takes the writes alone again and the unfinished one goes."""
        serving = [{"add": {"index": self.read[-1], "alias": self.write_alias, "is_write_index": True}}]
        return (serving if self.read else []) + [{"remove_index": {"index": new_index}}]
