//! English press spellings the sources do not give, reached by the build's spelling rules: "Dih" for the village
//! word "Deh", and the Arabic article between two words written al, ul or os.

use sitrep_gazetteer::{Gazetteer, Level};
use sitrep_text::Folded;

fn district_of(text: &str) -> Option<String> {
    let folded = Folded::new(text);
    let places = Gazetteer::embedded().locate(folded.as_str());
    places.iter().find(|r| r.level != Level::Country).and_then(|r| r.district.map(str::to_string))
}

#[test]
fn dih_is_deh() {
    assert_eq!(district_of("gunmen raided a post in Dih Yak district").as_deref(), Some("Deh Yak"));
}

#[test]
fn the_article_between_words_is_written_several_ways() {
    for text in
        ["a blast in Jabal al-Saraj district", "a blast in Jabal ul Saraj district", "a blast in Jabal Saraj district"]
    {
        assert_eq!(district_of(text).as_deref(), Some("Jabal Saraj"), "{text}");
    }
}
