//! Presentational components: they take plain data (and signals) and render it, with no
//! fetching of their own, so they can be tested in a browser with hand-made data.

mod film_details;
mod film_list;
mod freshness;
mod links;
mod page_title;
mod person_details;
mod poster;
mod search_form;
mod states;

pub use film_details::FilmDetailsView;
pub use film_list::{FilmCard, FilmList};
pub use freshness::FreshnessLine;
pub use links::{FilmLink, PersonLink};
pub use page_title::PageTitle;
pub use person_details::PersonDetailsView;
pub use poster::Poster;
pub use search_form::SearchForm;
pub use states::{ErrorState, LoadingState};
