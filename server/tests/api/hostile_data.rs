//! Text from the upstream may hold any Unicode and any markup: `/movies` gives it back
//! exactly, and the page shows it as text, in the HTML and in the data hydration reads.

use kodama_testkit::fixtures::{FILMS_JSON, PEOPLE_JSON};
use kodama_testkit::{Behaviour, FakeUpstream};
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, Options};

const HOSTILE_TITLE: &str =
    "</script><script>alert(1)</script> & \"quoted\" 'single' \\ 千と千尋の神隠し 🌸 \u{202e}</title><meta http-equiv=refresh content=0>";
const HOSTILE_NAME: &str = "<img src=x onerror=alert(2)><!-- --></title><h1>";
/// The id of the first film in the fixtures, whose title is made hostile.
const FIRST_FILM: &str = "2baf70d1-42bb-4437-b551-e5fed5a87abe";

/// The real data with one film's title and one person's name made hostile.
fn hostile_upstream() -> Behaviour {
    let mut films: Vec<Value> = serde_json::from_str(FILMS_JSON).unwrap();
    let mut people: Vec<Value> = serde_json::from_str(PEOPLE_JSON).unwrap();
    films[0]["title"] = json!(HOSTILE_TITLE);
    let in_first_film = people
        .iter_mut()
        .find(|person| {
            person["films"]
                .to_string()
                .contains(films[0]["id"].as_str().unwrap())
        })
        .unwrap();
    in_first_film["name"] = json!(HOSTILE_NAME);

    Behaviour::Serve {
        films: serde_json::to_string(&films).unwrap(),
        people: serde_json::to_string(&people).unwrap(),
    }
}

#[tokio::test]
async fn movies_gives_back_unicode_and_markup_exactly() {
    let upstream = FakeUpstream::start().await.unwrap();
    upstream.set_behaviour(hostile_upstream());
    let app = spawn_app_with(upstream, Options::default()).await;
    app.wait_for_stored(|_| true).await;

    let movies: Value = app.get("/movies").await.json().await.unwrap();

    let titles: Vec<&str> = movies
        .as_object()
        .unwrap()
        .values()
        .map(|f| f["film_title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&HOSTILE_TITLE));
    assert!(movies
        .to_string()
        .contains(&serde_json::to_string(HOSTILE_NAME).unwrap()));
}

#[tokio::test]
async fn the_page_shows_markup_from_the_data_as_text_also_in_the_hydration_data() {
    let upstream = FakeUpstream::start().await.unwrap();
    upstream.set_behaviour(hostile_upstream());
    let app = spawn_app_with(upstream, Options::default()).await;
    app.wait_for_stored(|_| true).await;

    let html = app.get("/").await.text().await.unwrap();

    // No markup from the data survives as markup anywhere in the page, the serialized data
    // for hydration included: every <script> the page opens is one of its own, and closes once.
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<!-- -->"), "{html}");
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count(),
        "{html}"
    );
    // And the text is there, escaped.
    assert!(
        html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
    assert!(html.contains("千と千尋の神隠し 🌸"));
}

#[tokio::test]
async fn the_title_of_a_film_or_person_page_is_text_too() {
    let upstream = FakeUpstream::start().await.unwrap();
    upstream.set_behaviour(hostile_upstream());
    let app = spawn_app_with(upstream, Options::default()).await;
    app.wait_for_stored(|_| true).await;
    let film_page = app
        .get(&format!("/films/{FIRST_FILM}"))
        .await
        .text()
        .await
        .unwrap();
    let person_link = film_page
        .split("href=\"/people/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let person_page = app
        .get(&format!("/people/{person_link}"))
        .await
        .text()
        .await
        .unwrap();

    for html in [&film_page, &person_page] {
        let head = &html[..html.find("</head>").unwrap()];
        assert_eq!(head.matches("<title>").count(), 1, "{head}");
        assert_eq!(head.matches("</title>").count(), 1, "{head}");
        assert!(!head.contains("<meta http-equiv"), "{head}");
    }
    assert!(film_page
        .contains("&lt;/title&gt;&lt;meta http-equiv=refresh content=0&gt; · Kodama</title>"));
}

/// Films whose ids need encoding in a path, each linked from the home page.
fn films_with_awkward_ids() -> Behaviour {
    let ids = [
        "A", "%41", "a/b", "..", ".", "100%", "q?x#y", "a\\b", "千 尋",
    ];
    let films: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "id": id, "title": format!("Film {id}"), "release_date": "2000" }))
        .collect();

    Behaviour::Serve {
        films: serde_json::to_string(&films).unwrap(),
        people: "[]".into(),
    }
}

#[tokio::test]
async fn every_film_link_opens_its_own_film_whatever_its_id() {
    let upstream = FakeUpstream::start().await.unwrap();
    upstream.set_behaviour(films_with_awkward_ids());
    let app = spawn_app_with(upstream, Options::default()).await;
    app.wait_for_stored(|_| true).await;
    let home = app.get("/").await.text().await.unwrap();

    // Each card's title links to the film: (link, title).
    let cards: Vec<(&str, &str)> = home
        .split("<h2 class=\"film-title\"><a href=\"")
        .skip(1)
        .map(|rest| {
            let (link, rest) = rest.split_once('"').unwrap();
            let (_attributes, rest) = rest.split_once('>').unwrap();
            (link, rest.split_once("</a>").unwrap().0)
        })
        .collect();

    assert_eq!(cards.len(), 9, "{home}");
    for (link, title) in cards {
        let page = app.get(link).await;
        assert_eq!(page.status(), 200, "{link} for {title}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains(&format!("<h1>{title}</h1>")),
            "{link} for {title}"
        );
    }
}
