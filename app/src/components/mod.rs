//! Presentational components: they take plain data and render it, with no fetching of their
//! own, so they can be tested in a browser with hand-made data.

mod film_list;
mod states;

pub use film_list::{FilmCard, FilmList};
pub use states::{ErrorState, LoadingState, SourceNote};
