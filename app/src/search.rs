//! What the search box matches: a film by its titles or by the name of anyone in it.
//!
//! Pure functions of the data, shared by the server (which renders `/?q=…` for browsers
//! without JavaScript) and the browser (which filters as you type), so both show the same
//! films for the same query.

use crate::model::{FilmDetails, PersonEntry};

/// A query prepared once for matching many films: trimmed, lower-cased, inner spaces folded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// As typed, trimmed: for showing back.
    text: String,
    folded: String,
}

impl Query {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.trim().to_owned(),
            folded: fold(text),
        }
    }

    /// The query as typed, without surrounding spaces.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True for a query of only spaces, which matches everything.
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// Whether the film's title (English, Japanese or romanised) or the name of anyone in it
    /// contains the query.
    pub fn matches_film(&self, film: &FilmDetails) -> bool {
        let titles = [
            Some(film.title.as_str()),
            film.original_title.as_deref(),
            film.original_title_romanised.as_deref(),
        ];

        self.is_empty()
            || titles
                .into_iter()
                .flatten()
                .any(|title| self.found_in(title))
            || film
                .persons
                .iter()
                .any(|person| self.matches_person(person))
    }

    /// Whether the person's name contains the query. An empty query matches no one, so that
    /// nobody is highlighted when there is nothing to look for.
    pub fn matches_person(&self, person: &PersonEntry) -> bool {
        !self.is_empty() && self.found_in(&person.person_name)
    }

    fn found_in(&self, text: &str) -> bool {
        fold(text).contains(&self.folded)
    }
}

/// Lower case with runs of white space as one space, so that "  TOTORO " finds "My Neighbor
/// Totoro".
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The `q` parameter of a raw query string (`q=50%2541b&x=1`), decoded once, the way a form
/// encodes it (`+` for a space); the last `q` wins, as it would for a form.
///
/// leptos_router's own query map decodes values twice, which would turn a search for `%41`
/// into one for `A`; the raw string is read instead.
pub fn query_from_search(search: &str) -> String {
    let search = search.strip_prefix('?').unwrap_or(search);

    search
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .rfind(|(key, _)| *key == "q")
        .map(|(_, value)| {
            let value = value.replace('+', " ");
            percent_encoding::percent_decode_str(&value)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default()
}

/// The home page's address for a query: `/?q=…`, or `/` for an empty one.
pub fn search_url(text: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

    if text.trim().is_empty() {
        return "/".to_owned();
    }
    format!("/?q={}", utf8_percent_encode(text, NON_ALPHANUMERIC))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn film(title: &str, original: Option<&str>, people: &[&str]) -> FilmDetails {
        FilmDetails {
            film_id: title.to_lowercase(),
            title: title.into(),
            original_title: original.map(Into::into),
            persons: people
                .iter()
                .map(|name| PersonEntry {
                    person_id: name.to_lowercase(),
                    person_name: (*name).into(),
                })
                .collect(),
            ..FilmDetails::default()
        }
    }

    #[test]
    fn a_film_matches_by_any_part_of_its_title_in_any_case() {
        let totoro = film("My Neighbor Totoro", Some("となりのトトロ"), &[]);

        assert!(Query::new("totoro").matches_film(&totoro));
        assert!(Query::new("  NEIGHBOR   totoro ").matches_film(&totoro));
        assert!(Query::new("トトロ").matches_film(&totoro));
        assert!(!Query::new("ponyo").matches_film(&totoro));
    }

    #[test]
    fn a_film_matches_by_the_name_of_someone_in_it() {
        let castle = film("Howl's Moving Castle", None, &["Sophie Hatter", "Howl"]);

        assert!(Query::new("sophie").matches_film(&castle));
        assert!(Query::new("Sophie").matches_person(&castle.persons[0]));
        assert!(!Query::new("Sophie").matches_person(&castle.persons[1]));
    }

    #[test]
    fn an_empty_query_matches_every_film_and_highlights_no_one() {
        let castle = film("Castle in the Sky", None, &["Sheeta"]);

        assert!(Query::new("   ").matches_film(&castle));
        assert!(!Query::new("").matches_person(&castle.persons[0]));
    }

    #[test]
    fn the_query_is_read_from_the_address_decoded_once() {
        assert_eq!(query_from_search("q=baron"), "baron");
        assert_eq!(query_from_search("?q=no+such+film"), "no such film");
        assert_eq!(query_from_search("q=50%2541b"), "50%41b");
        assert_eq!(query_from_search("q=%E5%8D%83"), "千");
        assert_eq!(query_from_search("x=1&q=a&q=b"), "b");
        assert_eq!(query_from_search("q"), "");
        assert_eq!(query_from_search(""), "");
        assert_eq!(query_from_search("q=%ZZ"), "%ZZ");
    }

    #[test]
    fn a_query_survives_the_trip_through_its_url() {
        for text in ["%41", "a&b=c #x", "千 尋", "+", "100%"] {
            let url = search_url(text);
            let search = url.strip_prefix("/?").unwrap();

            assert_eq!(query_from_search(search), text, "{url}");
        }
    }

    #[test]
    fn search_urls_keep_the_query_encoded_and_drop_an_empty_one() {
        assert_eq!(search_url("kiki"), "/?q=kiki");
        assert_eq!(search_url("a&b=c #x"), "/?q=a%26b%3Dc%20%23x");
        assert_eq!(search_url("千尋"), "/?q=%E5%8D%83%E5%B0%8B");
        assert_eq!(search_url("  "), "/");
    }
}
