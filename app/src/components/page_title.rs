//! The document title of a page whose title comes from the data.

use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title to "`text` · Kodama".
///
/// leptos_meta 0.8 writes the title into the server-rendered `<head>` as it is, unescaped, so
/// a film called `</title><meta http-equiv=refresh …>` would add markup to the page. On the
/// server the text is therefore escaped first. In the browser the title is set as plain text
/// (`document.title`), where escaping would show up as `&lt;`, so it is not.
#[component]
pub fn PageTitle(text: String) -> impl IntoView {
    let title = format!("{text} · Kodama");

    #[cfg(feature = "ssr")]
    let title = escape_title(&title);

    view! { <Title text=title/> }
}

/// Escapes what could end or change a `<title>` element's text.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn escape_title(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::escape_title;

    #[test]
    fn markup_in_a_title_is_escaped() {
        assert_eq!(
            escape_title("</title><b>A & B</b>"),
            "&lt;/title&gt;&lt;b&gt;A &amp; B&lt;/b&gt;"
        );
    }
}
