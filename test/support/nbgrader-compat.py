"""Checks built notebooks the way nbgrader would see them, with Jupyter's own nbformat and jsonschema.

Usage: nbgrader-compat.py SCHEMA CODE_STUB RELEASE INSTRUCTOR [RELEASE INSTRUCTOR ...]

For each pair: both validate against nbformat's official schema; every cell's nbgrader metadata
validates against the version 3 schema; grade ids are unique; each release checksum is the MD5 that
nbgrader's documentation describes; and clearing the instructor copy the way `nbgrader
generate_assignment` documents it (solution regions to the code stub, hidden tests removed) gives
exactly the release's cells. Rubric cells (metadata minicloud.rubric) are the instructor copy's own:
nbgrader has no instructor-only Markdown cell, so they are left out of the comparison, and must carry
no nbgrader metadata.
"""
import hashlib
import json
import re
import sys

import jsonschema
import nbformat


def checksum(cell):
    meta = cell.metadata["nbgrader"]
    grade, solution = meta.get("grade", False), meta.get("solution", False)
    locked = False if solution else True if grade else meta.get("locked", False)
    parts = [cell.source, cell.cell_type, str(grade), str(solution), str(locked), meta["grade_id"]]
    if grade:
        parts.append(str(float(meta["points"])))
    digest = hashlib.md5()
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def cleared(cell, stub):
    meta = cell.metadata.get("nbgrader", {})
    out, skipping, replaced = [], False, False
    for line in cell.source.split("\n"):
        if "BEGIN SOLUTION" in line:
            indent = re.match(r"\s*", line).group(0)
            out.extend(indent + s for s in stub.split("\n"))
            skipping, replaced = True, True
        elif "END SOLUTION" in line or "END HIDDEN TESTS" in line:
            skipping = False
        elif "BEGIN HIDDEN TESTS" in line:
            skipping = True
        elif not skipping:
            out.append(line)
    if meta.get("solution") and not replaced:
        return stub
    return "\n".join(out)


def is_rubric(cell):
    return "rubric" in cell.metadata.get("minicloud", {})


def main():
    schema = json.load(open(sys.argv[1]))
    stub = sys.argv[2]
    paths = sys.argv[3:]
    for release_path, instructor_path in zip(paths[::2], paths[1::2]):
        release = nbformat.read(release_path, as_version=4)
        instructor = nbformat.read(instructor_path, as_version=4)
        for nb, path in ((release, release_path), (instructor, instructor_path)):
            nbformat.validate(nb)
            ids = set()
            for cell in nb.cells:
                if "nbgrader" in cell.metadata:
                    jsonschema.validate(cell.metadata["nbgrader"], schema)
                    grade_id = cell.metadata["nbgrader"]["grade_id"]
                    assert grade_id not in ids, f"{path}: grade id {grade_id} twice"
                    ids.add(grade_id)
        rubrics = [c for c in instructor.cells if is_rubric(c)]
        assert not any("nbgrader" in c.metadata for c in rubrics), f"{instructor_path}: a rubric cell has nbgrader metadata"
        assert not any(is_rubric(c) for c in release.cells), f"{release_path}: a rubric cell is in the release"
        graded = [c for c in instructor.cells if not is_rubric(c)]
        assert [c.id for c in release.cells] == [c.id for c in graded], f"{release_path}: cell ids differ from the instructor copy"
        for mine, theirs in zip(release.cells, graded):
            expected = cleared(theirs, stub)
            assert mine.source == expected, f"{release_path} cell {mine.id}: {mine.source!r} != {expected!r}"
            if "nbgrader" in mine.metadata:
                meta = mine.metadata["nbgrader"]
                assert meta["checksum"] == checksum(mine), f"{release_path} cell {mine.id}: checksum"
                assert meta["cell_type"] == mine.cell_type
    print("compatible")


main()
