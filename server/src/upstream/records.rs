//! The upstream's records, reduced to the fields Kodama uses.
//!
//! Unknown fields are ignored and optional ones may be missing, because the API has grown
//! and shed fields over the years. Required fields of the wrong type are an error that names
//! the record and field, such as `[3].title: invalid type: null, expected a string`.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// One film as `/films` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct FilmRecord {
    pub id: String,
    pub title: String,
    /// The release year, as a string of digits (`"1986"`); used to order the films.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    /// URLs of the people in the film. Incomplete upstream: see `PersonRecord::films`.
    #[serde(default)]
    pub people: Vec<String>,
}

/// One person as `/people` lists them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct PersonRecord {
    pub id: String,
    pub name: String,
    /// URLs of the films the person appears in.
    #[serde(default)]
    pub films: Vec<String>,
}

/// Both collections, as fetched together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    pub films: Vec<FilmRecord>,
    pub people: Vec<PersonRecord>,
}

/// Parses a JSON list of records; the error names the path of the first problem.
pub fn parse_collection<T: DeserializeOwned>(
    body: &[u8],
) -> Result<Vec<T>, serde_path_to_error::Error<serde_json::Error>> {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);

    serde_path_to_error::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_ignored_and_missing_optional_ones_default() {
        let body = br#"[{"id":"f1","title":"A","director":"X","vehicles":[]}]"#;

        let films: Vec<FilmRecord> = parse_collection(body).unwrap();

        assert_eq!(films[0].title, "A");
        assert!(films[0].people.is_empty());
        assert_eq!(films[0].release_date, None);
    }

    #[test]
    fn a_misspelled_optional_field_does_not_matter() {
        let body = br#"[{"id":"p1","name":"Ponyo","gander":"Female","films":[]}]"#;

        let people: Vec<PersonRecord> = parse_collection(body).unwrap();

        assert_eq!(people[0].name, "Ponyo");
    }

    #[test]
    fn a_wrong_field_type_is_reported_with_its_path() {
        let body = br#"[{"id":"f1","title":"A"},{"id":"f2","title":null}]"#;

        let error = parse_collection::<FilmRecord>(body).unwrap_err();

        assert_eq!(error.path().to_string(), "[1].title");
    }

    #[test]
    fn an_object_where_a_list_belongs_is_rejected() {
        let error = parse_collection::<FilmRecord>(br#"{"films":[]}"#).unwrap_err();

        assert!(error.to_string().contains("expected a sequence"), "{error}");
    }
}
