//! One module per page of the site. Each reads its data through a server function in a
//! resource, so the server renders the page whole and the browser hydrates it from the data
//! serialized into the page, without asking again.

mod film;
mod home;
mod not_found;
mod one_item;
mod person;

pub use film::FilmPage;
pub use home::HomePage;
pub use not_found::NotFound;
pub use person::PersonPage;
