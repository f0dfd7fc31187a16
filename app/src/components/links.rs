//! Links to a film's or a person's page.

use leptos::prelude::*;

/// A link to `/films/<film_id>`.
#[component]
pub fn FilmLink(#[prop(into)] film_id: String, children: Children) -> impl IntoView {
    let link = PageLink::new("films", &film_id);
    view! { <a href=link.href rel=link.rel>{children()}</a> }
}

/// A link to `/people/<person_id>`.
#[component]
pub fn PersonLink(#[prop(into)] person_id: String, children: Children) -> impl IntoView {
    let link = PageLink::new("people", &person_id);
    view! { <a href=link.href rel=link.rel>{children()}</a> }
}

/// Where a link to a page goes, and whether the router may follow it inside the page.
#[derive(Debug, PartialEq, Eq)]
struct PageLink {
    href: String,
    /// `Some("external")` makes the router leave the click to the browser, which loads the
    /// page from the server.
    rel: Option<&'static str>,
}

impl PageLink {
    /// The link to `/<collection>/<id>`.
    ///
    /// The upstream's ids are UUIDs, and links to them are followed inside the page. Ids with
    /// `%`, `/`, `?`, `#` or `\` in them, or made of dots, cannot take that way: leptos_router
    /// 0.8 decodes a path twice before it hands out a parameter, and puts the path in the
    /// address bar decoded once, so `%41` would open the film `A`, and `a/b` would open at an
    /// address that reloads as another. Such a link is encoded twice, which the server decodes
    /// back to the id, and loaded by the browser.
    fn new(collection: &str, id: &str) -> Self {
        let encoded = encode_segment(id);
        let survives_the_router =
            !id.contains(['%', '/', '?', '#', '\\']) && !matches!(id, "." | "..");
        if survives_the_router {
            return Self {
                href: format!("/{collection}/{encoded}"),
                rel: None,
            };
        }

        Self {
            href: format!("/{collection}/{}", encode_segment(&encoded)),
            rel: Some("external"),
        }
    }
}

/// Percent-encodes what may not appear as such in a path segment. A segment of only dots,
/// which a browser would read as "this folder" or "the parent folder", is encoded whole.
fn encode_segment(segment: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'/')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'\\')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');

    match segment {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        other => utf8_percent_encode(other, SEGMENT).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(id: &str) -> (String, Option<&'static str>) {
        let link = PageLink::new("films", id);
        (link.href, link.rel)
    }

    #[test]
    fn plain_ids_link_as_they_are_and_stay_in_the_page() {
        assert_eq!(
            link("2baf70d1-42bb-4437"),
            ("/films/2baf70d1-42bb-4437".to_owned(), None)
        );
        assert_eq!(
            link("千 尋"),
            ("/films/%E5%8D%83%20%E5%B0%8B".to_owned(), None)
        );
    }

    #[test]
    fn ids_that_need_encoding_are_encoded_twice_and_loaded_by_the_browser() {
        let external = Some("external");

        assert_eq!(link("%41"), ("/films/%252541".to_owned(), external));
        assert_eq!(
            link("a/b?c d"),
            ("/films/a%252Fb%253Fc%2520d".to_owned(), external)
        );
        assert_eq!(link(".."), ("/films/%252E%252E".to_owned(), external));
        assert_eq!(link("."), ("/films/%252E".to_owned(), external));
    }
}
