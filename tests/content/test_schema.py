"""Settings files against a schema, as templates and print-shop profiles both read them: Leafs with their
lines, unknown keys refused with the nearest known one, mappings where a schema asks for one, and the deep
merge `extends:` does."""

from fichegen.content import schema
from fichegen.content.schema import Either, Leaf
from fichegen.errors import Problems

SCHEMA = {"extends": None, "trim": {"width": None, "height": None}, "colours": "*",
          "fonts": {"body": Either.fromkeys(("regular", "bold"))}}


def _read(tmp_path, text: str, kind: str = "a settings file"):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return schema.read(path, SCHEMA, problems, kind), [f"{p.line}: {p.message}" for p in problems.items], str(path)


def test_values_become_leaves_with_their_file_and_line(tmp_path):
    tree, problems, path = _read(tmp_path, "extends: base\ntrim:\n  width: 148\ncolours: {accent: '#FF0000'}\n")
    assert problems == []
    assert tree == {"extends": Leaf("base", path, 1), "trim": {"width": Leaf(148, path, 3)},
                    "colours": {"accent": Leaf("#FF0000", path, 4)}}
    assert schema.lookup(tree, ("trim", "width")) == Leaf(148, path, 3)
    assert schema.lookup(tree, ("trim", "height")) is None and schema.lookup(tree, ("trim",)) is None


def test_unknown_keys_are_refused_by_their_full_path_and_the_rest_is_kept(tmp_path):
    tree, problems, _ = _read(tmp_path, "trim:\n  widht: 148\n  height: 210\ncolurs: {}\n")
    assert problems == ["2: unknown key 'trim.widht' (did you mean 'trim.width'?)",
                        "4: unknown key 'colurs' (did you mean 'colours'?)"]
    assert list(tree) == ["trim"] and list(tree["trim"]) == ["height"]


def test_a_mapping_where_the_schema_asks_for_one_and_either_a_value_or_a_mapping(tmp_path):
    tree, problems, path = _read(tmp_path, "trim: A5\ncolours: red\nfonts:\n  body: Lato\n")
    assert problems == ["1: trim: expected a mapping (key: value pairs), got a text",
                        "2: colours: expected a mapping (key: value pairs), got a text"]
    assert tree["fonts"] == {"body": Leaf("Lato", path, 4)}
    tree, problems, path = _read(tmp_path, "fonts:\n  body: {regular: Lato Regular, italic: x}\n")
    assert problems == ["2: unknown key 'fonts.body.italic'"]
    assert tree["fonts"]["body"] == {"regular": Leaf("Lato Regular", path, 2)}


def test_a_file_that_is_no_mapping_or_no_yaml_is_one_problem(tmp_path):
    assert _read(tmp_path, "- a\n- b\n", "a profile")[:2] == (None, ["1: a profile must be a mapping of keys, got a list"])
    tree, problems, _ = _read(tmp_path, "trim: [\n")
    assert tree is None and len(problems) == 1


def test_merge_lays_the_child_over_its_parent_key_by_key():
    parent = {"trim": {"width": 1, "height": 2}, "colours": {"a": 1}, "fonts": {"body": "Lato"}}
    child = {"trim": {"width": 3}, "fonts": {"body": {"regular": "x"}}, "new": 4}
    assert schema.merge(parent, child) == {"trim": {"width": 3, "height": 2}, "colours": {"a": 1},
                                           "fonts": {"body": {"regular": "x"}}, "new": 4}
    assert parent["trim"] == {"width": 1, "height": 2}  # the parent is left as it was
