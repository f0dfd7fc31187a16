//! The upstream's records, reduced to the fields Kodama shows, parsed one by one.
//!
//! The API has changed shape over the years and may again, so parsing is forgiving where the
//! meaning is still clear and strict where it is not:
//! - a body that is not a JSON list is an error that names the problem;
//! - within the list, each record is parsed on its own: a bad one is skipped and counted,
//!   never the whole collection;
//! - unknown fields are ignored, optional ones may be missing or misspelled;
//! - an id or a text given as a number is taken as its digits; a list of references given as
//!   a single string is taken as a list of one; a null list is an empty one.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::value::RawValue;

/// One film as `/films` lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct FilmRecord {
    #[serde(deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(deserialize_with = "lenient::text")]
    pub title: String,
    /// The release year, as a string of digits (`"1986"`); used to order the films.
    #[serde(
        default,
        deserialize_with = "lenient::optional_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub release_date: Option<String>,
    /// URLs of the people in the film. Incomplete upstream: see `PersonRecord::films`.
    #[serde(default, deserialize_with = "lenient::references")]
    pub people: Vec<String>,
    /// The title in Japanese, as released.
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub original_title: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub original_title_romanised: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub director: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub producer: Option<String>,
    /// Minutes, as a string of digits (`"124"`).
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub running_time: Option<String>,
    /// URL of the poster image.
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub image: Option<String>,
}

/// One person as `/people` lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct PersonRecord {
    #[serde(deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(deserialize_with = "lenient::text")]
    pub name: String,
    /// URLs of the films the person appears in.
    #[serde(default, deserialize_with = "lenient::references")]
    pub films: Vec<String>,
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub gender: Option<String>,
    /// `gender` as older versions of the data set spell it for one person. A separate field
    /// rather than a serde alias, because a record with both spellings would otherwise be
    /// rejected as having a duplicate field.
    #[serde(
        rename = "gander",
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub misspelled_gender: Option<String>,
    /// Free text: `"12"`, `"Adult"`, `"late teens"`, or `"NA"` when unknown.
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub age: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub eye_color: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::detail",
        skip_serializing_if = "Option::is_none"
    )]
    pub hair_color: Option<String>,
}

impl PersonRecord {
    /// The gender under either spelling, the correct one first.
    pub fn gender(&self) -> Option<&str> {
        self.gender.as_deref().or(self.misspelled_gender.as_deref())
    }
}

/// Both collections, as fetched together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    pub films: Vec<FilmRecord>,
    pub people: Vec<PersonRecord>,
    /// Records of either collection left out because they did not parse.
    pub skipped_records: usize,
}

/// A collection's records that parsed, and how many did not.
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed<T> {
    pub records: Vec<T>,
    pub skipped: usize,
}

/// Parses a JSON list of records one by one. Fails only when the body is not a JSON list;
/// the error then names the path of the problem.
pub fn parse_collection<T: DeserializeOwned>(
    body: &[u8],
) -> Result<Parsed<T>, serde_path_to_error::Error<serde_json::Error>> {
    // Each record is first kept as raw text, so that what is wrong inside one record (a
    // number out of range, a lone surrogate, deep nesting in a field Kodama ignores) is that
    // record's problem alone.
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    let items: Vec<Box<RawValue>> = serde_path_to_error::deserialize(deserializer)?;

    let mut parsed = Parsed {
        records: Vec::with_capacity(items.len()),
        skipped: 0,
    };
    for (position, item) in items.into_iter().enumerate() {
        let record = &mut serde_json::Deserializer::from_str(item.get());
        match serde_path_to_error::deserialize::<_, T>(record) {
            Ok(record) => parsed.records.push(record),
            Err(error) => {
                tracing::debug!(position, error = %error, "skipped a record that does not parse");
                parsed.skipped += 1;
            }
        }
    }
    Ok(parsed)
}

/// Field readers that accept the shapes the upstream has used for the same meaning.
mod lenient {
    use serde::de::{Deserializer, Error};
    use serde::Deserialize;
    use serde_json::Value;

    /// A string, or a number taken as its digits.
    pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Ok(text),
            Value::Number(number) => Ok(number.to_string()),
            other => Err(D::Error::custom(format!(
                "expected a string, found {}",
                kind(&other)
            ))),
        }
    }

    /// Like `text`, where null and absence both mean "unknown".
    pub fn optional_text<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(None),
            Value::String(text) => Ok(Some(text)),
            Value::Number(number) => Ok(Some(number.to_string())),
            other => Err(D::Error::custom(format!(
                "expected a string, found {}",
                kind(&other)
            ))),
        }
    }

    /// Like `optional_text`, for details that are only shown: a value that cannot be read as
    /// text (a list, a number out of range, a broken escape) is unknown, and costs nothing
    /// more, whereas a bad id or title costs the record.
    pub fn detail<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;

        Ok(match serde_json::from_str(raw.get()) {
            Ok(Value::String(text)) => Some(text),
            Ok(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        })
    }

    /// A list of reference URLs; one URL alone is a list of one, null an empty list. Entries
    /// that are not strings carry no reference and are dropped.
    pub fn references<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(Vec::new()),
            Value::String(reference) => Ok(vec![reference]),
            Value::Array(items) => Ok(items
                .into_iter()
                .filter_map(|item| match item {
                    Value::String(reference) => Some(reference),
                    _ => None,
                })
                .collect()),
            other => Err(D::Error::custom(format!(
                "expected a list, found {}",
                kind(&other)
            ))),
        }
    }

    fn kind(value: &Value) -> &'static str {
        match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn films(body: &str) -> Parsed<FilmRecord> {
        parse_collection(body.as_bytes()).unwrap()
    }

    #[test]
    fn unknown_fields_are_ignored_and_missing_optional_ones_default() {
        let parsed = films(r#"[{"id":"f1","title":"A","director":"X","vehicles":[]}]"#);

        let film = &parsed.records[0];
        assert_eq!(film.title, "A");
        assert!(film.people.is_empty());
        assert_eq!(film.release_date, None);
    }

    #[test]
    fn gender_is_read_under_its_misspelled_name_too() {
        let body = br#"[{"id":"p1","name":"Ponyo","gander":"Female","films":[]},
                        {"id":"p2","name":"Sosuke","gender":"Male","gander":"Female"},
                        {"id":"p3","name":"Lisa"}]"#;

        let parsed: Parsed<PersonRecord> = parse_collection(body).unwrap();

        let genders: Vec<_> = parsed.records.iter().map(PersonRecord::gender).collect();
        assert_eq!(genders, [Some("Female"), Some("Male"), None]);
    }

    #[test]
    fn film_details_are_read_when_present() {
        let parsed = films(
            r#"[{"id":"f1","title":"Castle in the Sky","original_title":"天空の城ラピュタ",
                 "director":"Hayao Miyazaki","running_time":124,"image":"https://i/p.jpg"}]"#,
        );

        let film = &parsed.records[0];
        assert_eq!(film.original_title.as_deref(), Some("天空の城ラピュタ"));
        assert_eq!(film.director.as_deref(), Some("Hayao Miyazaki"));
        assert_eq!(film.running_time.as_deref(), Some("124"));
        assert_eq!(film.image.as_deref(), Some("https://i/p.jpg"));
        assert_eq!(film.producer, None);
    }

    #[test]
    fn a_bad_record_is_skipped_and_counted_not_the_whole_list() {
        let parsed = films(
            r#"[{"id":"f1","title":"A"},{"id":"f2","title":null},"junk",{"id":"f3","title":"C"}]"#,
        );

        let ids: Vec<_> = parsed.records.iter().map(|film| film.id.as_str()).collect();
        assert_eq!(ids, ["f1", "f3"]);
        assert_eq!(parsed.skipped, 2);
    }

    #[test]
    fn trouble_inside_ignored_fields_does_not_cost_the_record() {
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        let body = format!(
            r#"[{{"id":"f1","title":"A","running_time":1e400}},
                {{"id":"f2","title":"B","director":"\udc00"}},
                {{"id":"f3","title":"C","junk":{deep}}}]"#
        );

        let parsed = films(&body);

        assert_eq!(parsed.records.len(), 3, "skipped {}", parsed.skipped);
        assert_eq!(parsed.records[0].running_time, None);
        assert_eq!(parsed.records[1].director, None);
    }

    #[test]
    fn details_of_the_wrong_shape_are_unknown_and_keep_the_record() {
        let body = br#"[{"id":"p1","name":"Ann","age":["12"],"eye_color":{"x":1},
                         "hair_color":true,"gender":null}]"#;

        let parsed: Parsed<PersonRecord> = parse_collection(body).unwrap();

        let ann = &parsed.records[0];
        assert_eq!((ann.age.as_deref(), ann.eye_color.as_deref()), (None, None));
        assert_eq!((ann.hair_color.as_deref(), ann.gender()), (None, None));
    }

    #[test]
    fn numbers_are_taken_as_text_where_text_belongs() {
        let parsed = films(r#"[{"id":42,"title":1984,"release_date":1986}]"#);

        let film = &parsed.records[0];
        assert_eq!((film.id.as_str(), film.title.as_str()), ("42", "1984"));
        assert_eq!(film.release_date.as_deref(), Some("1986"));
    }

    #[test]
    fn a_single_reference_is_a_list_of_one_and_null_is_empty() {
        let parsed: Parsed<PersonRecord> = parse_collection(
            br#"[{"id":"p1","name":"A","films":"https://h/films/f1"},
                 {"id":"p2","name":"B","films":null},
                 {"id":"p3","name":"C","films":["https://h/films/f1", 7, null]}]"#,
        )
        .unwrap();

        assert_eq!(parsed.records[0].films, ["https://h/films/f1"]);
        assert!(parsed.records[1].films.is_empty());
        assert_eq!(parsed.records[2].films, ["https://h/films/f1"]);
    }

    #[test]
    fn any_unicode_and_markup_in_text_is_kept_as_is() {
        let title = "千と千尋 <b>&amp;</b> \u{1F338} \"quoted\" \\ </script>";
        let body = serde_json::json!([{ "id": "f1", "title": title }]).to_string();

        let parsed = films(&body);

        assert_eq!(parsed.records[0].title, title);
    }

    #[test]
    fn a_body_that_is_not_a_list_is_rejected_with_the_reason() {
        for body in [r#"{"films":[]}"#, "<html>", r#"[{"id":"f1""#, ""] {
            let error = parse_collection::<FilmRecord>(body.as_bytes()).unwrap_err();
            assert!(!error.to_string().is_empty(), "{body}");
        }
        let error = parse_collection::<FilmRecord>(br#"{"films":[]}"#).unwrap_err();
        assert!(error.to_string().contains("expected a sequence"), "{error}");
    }
}
