//! The real Ghibli data, as the API serves it, and what Kodama must compute from it.

/// `GET /films` as the API serves it.
pub const FILMS_JSON: &str = include_str!("../fixtures/ghibli/films.json");
/// `GET /people` as the API serves it.
pub const PEOPLE_JSON: &str = include_str!("../fixtures/ghibli/people.json");
/// The `/movies` document expected from the two files above, worked out independently of
/// Kodama's code (see `fixtures/README.md`).
pub const EXPECTED_MOVIES_JSON: &str = include_str!("../fixtures/expected-movies.json");

/// Number of films in the fixtures.
pub const FILM_COUNT: usize = 22;
/// Person entries over all films in the expected index.
pub const PERSON_ENTRY_COUNT: usize = 59;

/// Every film title in the fixtures, in release order.
pub fn film_titles() -> Vec<String> {
    let expected: serde_json::Value =
        serde_json::from_str(EXPECTED_MOVIES_JSON).expect("the expected document is JSON");
    let films = expected
        .as_object()
        .expect("the expected document is an object");

    films
        .values()
        .map(|film| film["film_title"].as_str().expect("a title").to_owned())
        .collect()
}
