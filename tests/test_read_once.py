"""A file's bytes parsed once for the readers that follow each other on it (publisher.audit.ReadOnce)."""
from __future__ import annotations

from publisher.audit import ReadOnce


def counting_reader(keep: int = 2):
    parsed: list[bytes] = []

    def parse(data: bytes) -> str:
        parsed.append(data)
        return data.decode()

    return ReadOnce(parse, keep), parsed


def test_the_same_bytes_are_parsed_once(tmp_path):
    read, parsed = counting_reader()
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    assert read(path) == read(path) == "one"
    assert parsed == [b"one"]


def test_a_file_rewritten_in_place_is_parsed_again(tmp_path):
    read, parsed = counting_reader()
    path = tmp_path / "a.txt"
    path.write_bytes(b"one")
    read(path)
    path.write_bytes(b"two")  # same size, and likely the same modification time
    assert read(path) == "two"
    assert parsed == [b"one", b"two"]


def test_only_the_last_files_are_kept(tmp_path):
    read, parsed = counting_reader(keep=2)
    for name in ("a", "b", "c"):
        (tmp_path / name).write_bytes(name.encode())
        read(tmp_path / name)
    assert len(read) == 2
    read(tmp_path / "a")  # the oldest went first
    assert parsed == [b"a", b"b", b"c", b"a"]


def test_a_file_that_cannot_be_parsed_is_not_kept(tmp_path):
    def parse(data: bytes) -> str:
        raise ValueError("broken")

    read = ReadOnce(parse)
    path = tmp_path / "a.txt"
    path.write_bytes(b"x")
    for _ in range(2):
        try:
            read(path)
        except ValueError:
            pass
    assert len(read) == 0
