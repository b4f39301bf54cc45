//! Every text of a value that serde can write, each with the dotted key it stands at
//! (`risks[0].description`, `select.statements[1]`). The identifier rules walk the records, the
//! examples, pack.toml, the frameworks and the tenders this way, so a field added to any of them
//! is scanned with nobody listing it: whatever serde writes, the walk sees. Nothing is built on
//! the way (no JSON tree): the walk is a serde `Serializer` that only remembers where it is.

use std::fmt;

use serde::ser::{self, Serialize};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A field of a struct (the name serde writes, as in the TOML file).
    Key(&'static str),
    /// An item of a list.
    Index(usize),
    /// An entry of a table whose keys are the user's own (such as `[rules]`).
    Name(String),
}

/// Where a text stands: the segments from the top of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    /// The path of the nearest enclosing key that is the file's own (not a user's table key),
    /// for a message that must not quote user text.
    pub fn without_names(&self) -> KeyPath {
        let end = self
            .0
            .iter()
            .position(|s| matches!(s, Segment::Name(_)))
            .unwrap_or(self.0.len());
        KeyPath(self.0[..end].to_vec())
    }

    /// The first key of the path (`risks` of `risks[0].to`).
    pub fn top(&self) -> String {
        match self.0.first() {
            Some(Segment::Key(k)) => (*k).to_string(),
            Some(Segment::Name(n)) => n.clone(),
            _ => String::new(),
        }
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Name(n) if i == 0 => f.write_str(n)?,
                Segment::Name(n) => write!(f, ".{n}")?,
            }
        }
        Ok(())
    }
}

/// Calls `each` with every string in `value` (map keys included, at the map's path) and where it
/// stands. Enum variants without data (a field's fixed choices), numbers and booleans are not
/// texts the user wrote and are passed over.
pub fn each_text<T: Serialize + ?Sized>(value: &T, mut each: impl FnMut(&KeyPath, &str)) {
    let mut walker = Walker {
        path: KeyPath::default(),
        each: &mut each,
    };
    // The walker never fails: its error type exists because serde asks for one.
    let _ = value.serialize(&mut walker);
}

struct Walker<'f> {
    path: KeyPath,
    each: &'f mut dyn FnMut(&KeyPath, &str),
}

#[derive(Debug)]
pub struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the text walk does not fail")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Never
    }
}

macro_rules! pass_over {
    ($($name:ident: $ty:ty),*) => {
        $(fn $name(self, _: $ty) -> Result<(), Never> { Ok(()) })*
    };
}

impl<'a, 'f> ser::Serializer for &'a mut Walker<'f> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Items<'a, 'f>;
    type SerializeTuple = Items<'a, 'f>;
    type SerializeTupleStruct = Items<'a, 'f>;
    type SerializeTupleVariant = Items<'a, 'f>;
    type SerializeMap = Entries<'a, 'f>;
    type SerializeStruct = &'a mut Walker<'f>;
    type SerializeStructVariant = &'a mut Walker<'f>;

    pass_over!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8]);

    fn serialize_char(self, v: char) -> Result<(), Never> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }

    fn serialize_str(self, v: &str) -> Result<(), Never> {
        (self.each)(&self.path, v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Never> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        Ok(())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Never> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a, 'f>, Never> {
        Ok(Items {
            walker: self,
            next: 0,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Items<'a, 'f>, Never> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a, 'f>, Never> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Items<'a, 'f>, Never> {
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'a, 'f>, Never> {
        Ok(Entries {
            walker: self,
            pushed: false,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        Ok(self)
    }
}

/// A struct's fields and a struct variant's alike: each walked under its key.
macro_rules! fields {
    ($($trait:ident),*) => {
        $(impl<'f> ser::$trait for &mut Walker<'f> {
            type Ok = ();
            type Error = Never;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Never> {
                self.path.0.push(Segment::Key(key));
                let done = value.serialize(&mut **self);
                self.path.0.pop();
                done
            }

            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        })*
    };
}

fields!(SerializeStruct, SerializeStructVariant);

pub struct Items<'a, 'f> {
    walker: &'a mut Walker<'f>,
    next: usize,
}

impl Items<'_, '_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        self.walker.path.0.push(Segment::Index(self.next));
        self.next += 1;
        let done = value.serialize(&mut *self.walker);
        self.walker.path.0.pop();
        done
    }
}

macro_rules! items {
    ($($trait:ident: $method:ident),*) => {
        $(impl ser::$trait for Items<'_, '_> {
            type Ok = ();
            type Error = Never;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                self.item(value)
            }

            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        })*
    };
}

items!(SerializeSeq: serialize_element, SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field, SerializeTupleVariant: serialize_field);

pub struct Entries<'a, 'f> {
    walker: &'a mut Walker<'f>,
    pushed: bool,
}

impl ser::SerializeMap for Entries<'_, '_> {
    type Ok = ();
    type Error = Never;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        // The key is the user's text too: scanned where the table stands, then the value's name.
        let mut name = None;
        each_text(key, |_, text| name = Some(text.to_string()));
        let name = name.unwrap_or_default();
        (self.walker.each)(&self.walker.path, &name);
        self.walker.path.0.push(Segment::Name(name));
        self.pushed = true;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        let done = value.serialize(&mut *self.walker);
        if std::mem::take(&mut self.pushed) {
            self.walker.path.0.pop();
        }
        done
    }

    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    struct Inner {
        to: String,
        kind: Kind,
        on: Option<u32>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        Fixed,
    }

    #[derive(Serialize)]
    struct Outer {
        title: String,
        #[serde(rename = "also")]
        renamed: Option<String>,
        risks: Vec<Inner>,
        themes: Vec<String>,
        rules: BTreeMap<String, String>,
        count: u32,
    }

    #[test]
    fn every_text_is_seen_with_its_key() {
        let value = Outer {
            title: "t".into(),
            renamed: Some("r".into()),
            risks: vec![Inner {
                to: "x".into(),
                kind: Kind::Fixed,
                on: Some(3),
            }],
            themes: vec!["a".into(), "b".into()],
            rules: BTreeMap::from([("k".to_string(), "v".to_string())]),
            count: 7,
        };
        let mut seen = Vec::new();
        each_text(&value, |path, text| {
            seen.push((path.to_string(), text.to_string()))
        });
        let seen: Vec<(&str, &str)> = seen.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        assert_eq!(
            seen,
            [
                ("title", "t"),
                ("also", "r"),
                ("risks[0].to", "x"),
                ("themes[0]", "a"),
                ("themes[1]", "b"),
                ("rules", "k"),
                ("rules.k", "v"),
            ]
        );
    }

    #[test]
    fn a_path_without_user_names_stops_at_the_first() {
        let path = KeyPath(vec![
            Segment::Key("rules"),
            Segment::Name("07700 900123".into()),
        ]);
        assert_eq!(path.without_names().to_string(), "rules");
        assert_eq!(path.top(), "rules");
    }
}

/// A copy of `value` with `change` applied to every string in it (map keys included), made by
/// writing it out and reading it back: whatever field a text is in, it is changed. `None` when
/// the copy does not read back (a type whose reading checks more than its writing does).
pub fn map_every_text<T>(value: &T, change: &dyn Fn(&str) -> String) -> Option<T>
where
    T: Serialize + serde::de::DeserializeOwned,
{
    let mut json = serde_json::to_value(value).ok()?;
    map_json(&mut json, change);
    serde_json::from_value(json).ok()
}

fn map_json(value: &mut serde_json::Value, change: &dyn Fn(&str) -> String) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            let changed = change(text);
            if changed != *text {
                *text = changed;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| map_json(v, change)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                map_json(&mut v, change);
                map.insert(change(&key), v);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod map_tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    use super::map_every_text;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Item {
        title: String,
        list: Vec<String>,
        table: BTreeMap<String, String>,
        n: u32,
    }

    #[test]
    fn every_text_is_changed_and_nothing_else() {
        let item = Item {
            title: "a x".into(),
            list: vec!["x".into(), "y".into()],
            table: BTreeMap::from([("kx".to_string(), "vx".to_string())]),
            n: 3,
        };
        let changed = map_every_text(&item, &|t: &str| t.replace('x', "_")).expect("reads back");
        assert_eq!(
            changed,
            Item {
                title: "a _".into(),
                list: vec!["_".into(), "y".into()],
                table: BTreeMap::from([("k_".to_string(), "v_".to_string())]),
                n: 3,
            }
        );
    }
}
