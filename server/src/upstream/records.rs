//! The upstream's records, reduced to the fields Kodama uses, parsed one by one.
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
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
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
}

/// One person as `/people` lists them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct PersonRecord {
    #[serde(deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(deserialize_with = "lenient::text")]
    pub name: String,
    /// URLs of the films the person appears in.
    #[serde(default, deserialize_with = "lenient::references")]
    pub films: Vec<String>,
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
    fn a_misspelled_optional_field_does_not_matter() {
        let body = br#"[{"id":"p1","name":"Ponyo","gander":"Female","films":[]}]"#;

        let parsed: Parsed<PersonRecord> = parse_collection(body).unwrap();

        assert_eq!(parsed.records[0].name, "Ponyo");
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
