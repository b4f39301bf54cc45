use std::path::PathBuf;

use super::*;

/// The demo pack's records and examples: (file name, text).
fn demo_files() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut files = Vec::new();
    for dir in ["decisions", "examples"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("the demo content") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((
                    format!("{dir}/{}", path.file_name().unwrap().to_string_lossy()),
                    text,
                ));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 15, "the demo pack's records were not found");
    files
}

/// Every single value in the file (lists of plain values count as one), with its key path.
fn leaves(table: &dyn TableLike, prefix: &str, out: &mut Vec<(String, Value)>) {
    each_leaf(table, prefix, &mut |path, v| out.push((path, v.clone())));
}

/// Calls `each` with every single value under `table` and its key path.
fn each_leaf(table: &dyn TableLike, prefix: &str, each: &mut dyn FnMut(String, &Value)) {
    for (key, item) in table.iter() {
        let path = if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        };
        match item {
            Item::Table(t) => each_leaf(t, &path, each),
            Item::ArrayOfTables(list) => {
                for (i, t) in list.iter().enumerate() {
                    each_leaf(t, &format!("{path}[{i}]"), each);
                }
            }
            Item::Value(Value::InlineTable(t)) => each_leaf(t, &path, each),
            Item::Value(Value::Array(list))
                if !list.is_empty() && list.iter().all(|v| v.as_inline_table().is_some()) =>
            {
                for (i, v) in list.iter().enumerate() {
                    each_leaf(v.as_inline_table().unwrap(), &format!("{path}[{i}]"), each);
                }
            }
            Item::Value(v) => each(path, v),
            Item::None => {}
        }
    }
}

/// A different value of the same type as `old`.
fn changed(old: &Value) -> FieldValue {
    match old {
        Value::String(s) if s.value().contains('\n') => FieldValue::Text(
            "A new paragraph with \"quotes\", a back\\slash and ''' .\n\nAnd a second \"\"\" one\n"
                .to_string(),
        ),
        Value::String(_) => FieldValue::Text("Changed: \"quoted\" and 'single' é".to_string()),
        Value::Integer(n) => FieldValue::Integer(n.value() + 1),
        Value::Boolean(b) => FieldValue::Bool(!b.value()),
        Value::Datetime(_) => FieldValue::Date(Date::from_ymd(2027, 2, 28).unwrap()),
        Value::Array(_) => FieldValue::List(vec!["S4".into(), "Key \"worker\"".into()]),
        other => panic!("unexpected value {other}"),
    }
}

/// The value at a key path in a plain parse of `text`.
fn lookup(text: &str, path: &str) -> Option<toml::Value> {
    let mut value = toml::from_str::<toml::Value>(text).expect("the edited file parses");
    for step in KeyPath::parse(path).unwrap().0 {
        value = value.get(&step.key)?.clone();
        if let Some(i) = step.index {
            value = value.get(i)?.clone();
        }
    }
    Some(value)
}

fn as_toml(value: &FieldValue) -> toml::Value {
    match value {
        FieldValue::Text(s) => toml::Value::String(s.clone()),
        FieldValue::Integer(n) => toml::Value::Integer(*n),
        FieldValue::Float(n) => toml::Value::Float(*n),
        FieldValue::Bool(b) => toml::Value::Boolean(*b),
        FieldValue::Date(d) => toml::Value::Datetime(d.iso().parse().unwrap()),
        FieldValue::List(items) => {
            toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect())
        }
    }
}

/// Where each value stands in the file as written: key path → byte range.
fn spans(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let doc = toml_edit::Document::parse(text.to_string()).unwrap();
    let mut out = Vec::new();
    each_leaf(doc.as_table(), "", &mut |path, v| {
        out.push((path, v.span().expect("a parsed value has a span")));
    });
    out
}

/// The lengths of the longest common start and end of two texts, not overlapping.
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - start;
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    (start, end)
}

#[test]
fn every_key_of_every_demo_record_changes_alone() {
    let mut edited = 0;
    for (name, text) in demo_files() {
        let doc: DocumentMut = text.parse().unwrap();
        let mut found = Vec::new();
        leaves(doc.as_table(), "", &mut found);
        let spans = spans(&text);
        assert_eq!(found.len(), spans.len(), "{name}");
        for ((path, old), (span_path, span)) in found.iter().zip(&spans) {
            assert_eq!(path, span_path);
            let new = changed(old);
            let mut file = TomlEdit::parse(&text).unwrap();
            file.set(path, &new).unwrap();
            let result = file.text();
            // Every byte outside the value is the same; the value is the new one.
            let written = to_value(&new).to_string();
            let expected = format!("{}{}{}", &text[..span.start], written, &text[span.end..]);
            assert_eq!(result, expected, "{name}: {path}");
            assert_eq!(lookup(&result, path), Some(as_toml(&new)), "{name}: {path}");
            edited += 1;
        }
    }
    assert!(edited > 300, "only {edited} keys were edited");
}

#[test]
fn removing_any_key_or_entry_of_a_demo_record_changes_one_stretch_of_the_file() {
    for (name, text) in demo_files() {
        let doc: DocumentMut = text.parse().unwrap();
        let mut found = Vec::new();
        leaves(doc.as_table(), "", &mut found);
        let mut paths: Vec<String> = found.into_iter().map(|(p, _)| p).collect();
        // And every whole entry of a list of tables.
        for (key, item) in doc.iter() {
            if let Item::ArrayOfTables(list) = item {
                paths.extend((0..list.len()).map(|i| format!("{key}[{i}]")));
            }
        }
        for path in paths {
            let mut file = TomlEdit::parse(&text).unwrap();
            assert!(file.remove(&path).unwrap(), "{name}: {path}");
            let result = file.text();
            let (start, end) = common_ends(&text, &result);
            assert_eq!(
                start + end,
                result.len(),
                "{name}: {path} changed more than one stretch"
            );
            let gone = &text[start..text.len() - end];
            assert!(
                gone.contains(path.rsplit('.').next().unwrap().split('[').next().unwrap())
                    || gone.contains('='),
                "{name}: {path}: removed {gone:?}"
            );
            let still = lookup(&result, &path);
            if !path.ends_with(']') {
                assert_eq!(still, None, "{name}: {path}");
            }
        }
    }
}

#[test]
fn a_new_entry_goes_after_the_last_of_its_kind_and_the_rest_is_kept() {
    for (name, text) in demo_files() {
        let before = toml::from_str::<toml::Value>(&text).unwrap();
        for list in ["reviews", "risks", "incidents"] {
            let count = before
                .get(list)
                .and_then(|v| v.as_array())
                .map_or(0, Vec::len);
            let mut file = TomlEdit::parse(&text).unwrap();
            let index = file.append(list).unwrap();
            assert_eq!(index, count, "{name}: {list}");
            let on = Date::from_ymd(2026, 12, 1).unwrap();
            file.set(&format!("{list}[{index}].on"), &FieldValue::Date(on))
                .unwrap();
            file.set(
                &format!("{list}[{index}].outcome"),
                &FieldValue::Text("It still stands.\nShe is pleased.\n".into()),
            )
            .unwrap();
            let result = file.text();
            // Only text was added, in one place.
            let (start, end) = common_ends(&text, &result);
            assert_eq!(
                start + end,
                text.len(),
                "{name}: {list}: something was changed"
            );
            let entry = format!(
                "[[{list}]]\non = 2026-12-01\noutcome = \"\"\"\nIt still stands.\nShe is pleased.\n\"\"\"\n"
            );
            let at = result
                .find(&entry)
                .unwrap_or_else(|| panic!("{name}: {result}"));
            assert_eq!(result.matches(&format!("[[{list}]]")).count(), count + 1);
            // After the last entry of its kind: no other [[list]] header follows it.
            assert!(
                !result[at + 1..].contains(&format!("[[{list}]]")),
                "{name}: {list}"
            );
            assert_eq!(
                lookup(&result, &format!("{list}[{index}].on")),
                Some(as_toml(&FieldValue::Date(on)))
            );
        }
    }
}

#[test]
fn a_missing_table_is_added_at_the_end_and_keys_go_after_their_table_s_last_key() {
    let text = "id = \"D-001\"\n\n[decision]\noutcome = \"supported\" # as agreed\n\n[[risks]]\nto = \"self\"\n";
    let mut file = TomlEdit::parse(text).unwrap();
    file.set("capacity.status", &FieldValue::Text("presumed".into()))
        .unwrap();
    file.set(
        "decision.rationale",
        &FieldValue::Text("Her choice.".into()),
    )
    .unwrap();
    file.set("decision.outcome", &FieldValue::Text("limited".into()))
        .unwrap();
    file.set(
        "capacity.consulted",
        &FieldValue::List(vec!["GP".into(), "Sister".into()]),
    )
    .unwrap();
    file.set("draft", &FieldValue::Bool(true)).unwrap();
    file.set("review.every_days", &FieldValue::Integer(28))
        .unwrap();
    assert_eq!(
        file.text(),
        "id = \"D-001\"\ndraft = true\n\n[decision]\noutcome = \"limited\" # as agreed\nrationale = \"Her choice.\"\n\n[[risks]]\nto = \"self\"\n\n[capacity]\nstatus = \"presumed\"\nconsulted = [\"GP\", \"Sister\"]\n\n[review]\nevery_days = 28\n"
    );
}

#[test]
fn a_new_table_goes_after_the_notes_that_end_the_file() {
    let text = "id = \"D-001\"\n\n[review]\n# every_days = 28\n\n# Add [[reviews]] here.\n";
    let mut file = TomlEdit::parse(text).unwrap();
    let index = file.append("plan").unwrap();
    file.set(
        &format!("plan[{index}].action"),
        &FieldValue::Text("Ring at 6pm".into()),
    )
    .unwrap();
    file.set("source.row", &FieldValue::Integer(2)).unwrap();
    file.set("weight", &FieldValue::Float(12.5)).unwrap();
    assert_eq!(
        file.text(),
        "id = \"D-001\"\nweight = 12.5\n\n[review]\n# every_days = 28\n\n# Add [[reviews]] here.\n\n[[plan]]\naction = \"Ring at 6pm\"\n\n[source]\nrow = 2\n"
    );
    // Uncommenting the note keeps every_days in [review].
    let fixed = file.text().replace("# every_days", "every_days");
    let back: toml::Value = toml::from_str(&fixed).unwrap();
    assert_eq!(back["review"]["every_days"].as_integer(), Some(28));
}

#[test]
fn multi_line_text_is_written_over_lines_and_reads_back_exactly() {
    for text in [
        "One line\nTwo lines",
        "Ends with a quote\"\n\"",
        "Three \"\"\" quotes and \\ back\\slashes\n",
        "\nStarts with a blank line\r\nand a CRLF\ttab \u{7} bell",
    ] {
        let written = multi_line(text);
        assert!(written.starts_with("\"\"\"\n"));
        let back: toml::Value = toml::from_str(&format!("x = {written}\n")).unwrap();
        assert_eq!(back["x"].as_str(), Some(text), "{written}");
    }
}

#[test]
fn what_cannot_be_done_is_refused_plainly() {
    let text = "id = \"D-001\"\n[[risks]]\nto = \"self\"\n[decision]\noutcome = \"x\"\n";
    let mut file = TomlEdit::parse(text).unwrap();
    for (path, words) in [
        ("risks[3].to", "risks is not a table with that entry"),
        ("decision", "is a table"),
        ("risks[0]", "entry of a list"),
        ("decision..x", "not a key"),
        ("risks[x].to", "not a key"),
        ("id.more", "not a table"),
    ] {
        let message = file.set(path, &FieldValue::Bool(true)).unwrap_err().message;
        assert!(message.contains(words), "{path}: {message}");
    }
    assert!(
        file.append("decision")
            .unwrap_err()
            .message
            .contains("not a list of tables")
    );
    assert!(!file.remove("capacity.status").unwrap());
    assert!(!file.remove("risks[5]").unwrap());
    assert_eq!(file.text(), text, "a refused change changes nothing");
    assert!(TomlEdit::parse("x = ").is_err());
    assert!(file.remove_entry("risks", 0).unwrap());
    assert_eq!(file.text(), "id = \"D-001\"\n[decision]\noutcome = \"x\"\n");
}

#[test]
fn key_paths_read_and_print_as_the_findings_write_them() {
    for path in [
        "decision.rationale",
        "risks[0].to",
        "reviews[12].outcome",
        "capacity.consulted",
    ] {
        assert_eq!(KeyPath::parse(path).unwrap().to_string(), path);
    }
    for bad in ["", "a.", ".a", "a[]", "a[1", "a[-1]", "a b", "a[1]x"] {
        assert!(KeyPath::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_file_with_windows_line_endings_keeps_them() {
    let text = "id = \"D-001\"\r\n# note\r\nperson = \"AB\"\r\n\r\n[[incidents]]\r\non = 2026-01-01\r\nsummary = \"x\"\r\n";
    let mut file = TomlEdit::parse(text).unwrap();
    file.set("person", &FieldValue::Text("CD".into())).unwrap();
    let index = file.append("incidents").unwrap();
    file.set(
        &format!("incidents[{index}].summary"),
        &FieldValue::Text("a\nb".into()),
    )
    .unwrap();
    assert_eq!(
        file.text(),
        "id = \"D-001\"\r\n# note\r\nperson = \"CD\"\r\n\r\n[[incidents]]\r\non = 2026-01-01\r\nsummary = \"x\"\r\n\r\n[[incidents]]\r\nsummary = \"\"\"\r\na\r\nb\"\"\"\r\n"
    );
    // A file with Unix line endings, or with both kinds, is written with Unix ones.
    let mut unix = TomlEdit::parse("id = \"D-001\"\n").unwrap();
    unix.set("person", &FieldValue::Text("CD".into())).unwrap();
    assert_eq!(unix.text(), "id = \"D-001\"\nperson = \"CD\"\n");
}

#[test]
fn setting_the_value_a_key_already_holds_changes_no_byte() {
    let text = "title = 'Gym'  # kept\r\nlimit = 500.0\r\nopened = 2026-04-03\r\nthemes = [ 'a','b' ]\r\nsummary = \"\"\"\r\n- one\r\n- two\"\"\"\r\n";
    let mut file = TomlEdit::parse(text).unwrap();
    file.set("title", &FieldValue::Text("Gym".into())).unwrap();
    file.set("limit", &FieldValue::Integer(500)).unwrap();
    file.set(
        "opened",
        &FieldValue::Date(Date::from_ymd(2026, 4, 3).unwrap()),
    )
    .unwrap();
    file.set("themes", &FieldValue::List(vec!["a".into(), "b".into()]))
        .unwrap();
    file.set("summary", &FieldValue::Text("- one\n- two".into()))
        .unwrap();
    assert_eq!(file.text(), text);
    // Another value is written as ever.
    file.set("title", &FieldValue::Text("Bus".into())).unwrap();
    assert!(
        file.text().starts_with("title = \"Bus\"  # kept\r\n"),
        "{}",
        file.text()
    );
}
