//! Body or boilerplate on pages unlike news sites: the lead set apart from the body, and
//! what must stay boilerplate around it.

use citecheck::extract::extract;

/// An article whose lead sits in its header, apart from the body container.
fn with_lead(lead_class: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article><header>
          <h1>Climate model simulates the whole planet at one kilometre</h1>
          <div class="{lead_class}"><p>The early 1970s are often called the beginning of
            the environmental movement, and a new simulation looks back at them.</p></div>
          <div class="byline">By Jane Doe</div>
          <figure><img src="a.jpg"><figcaption>The original photograph, taken in
            1972 from the spacecraft on its way to the Moon.</figcaption></figure>
        </header>
        <div class="article-body">
          <p>The simulations complete two decades of work on a coupled model of the
             atmosphere, the ocean and the land, run at a resolution of one kilometre.</p>
          <p>The ocean was started from a reanalysis and run alone for almost four years
             before the atmosphere was coupled to it, the institute said.</p>
          <p>The data were visualised with a path tracer, after textures had been
             prepared at full resolution for every step of the simulation.</p>
        </div></article>
        <footer><p>Copyright 2024, the institute. All rights reserved here.</p></footer>
        </body></html>"#
    )
}

#[test]
fn a_lead_set_apart_from_the_body_is_body() {
    for class in [
        "teaser-text",
        "article__lead",
        "c-standfirst",
        "entry-excerpt",
    ] {
        let article = extract(&with_lead(class), None);
        assert!(
            article.text.contains("often called the beginning"),
            "{class}: {}",
            article.text
        );
        assert!(article.text.contains("two decades of work"), "{class}");
        for boilerplate in ["By Jane Doe", "original photograph", "Copyright", "Home"] {
            assert!(
                !article.text.contains(boilerplate),
                "{class}: {boilerplate:?} in {}",
                article.text
            );
        }
    }
}

#[test]
fn prose_between_headline_and_body_not_named_a_lead_stays_out() {
    let article = extract(&with_lead("promo-box"), None);
    assert!(!article.text.contains("often called the beginning"));
    assert!(article.text.contains("two decades of work"));
}
