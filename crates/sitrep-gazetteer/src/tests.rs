//! Table tests: spellings, cues, disambiguation, datelines, search.

use super::*;
use sitrep_text::Folded;

fn g() -> &'static Gazetteer {
    Gazetteer::embedded()
}

/// Resolves `input` with its own document context and renders each place as `name/level`.
fn places(input: &str) -> Vec<String> {
    let folded = Folded::new(input);
    g().locate(folded.as_str()).iter().map(|r| format!("{}/{}", r.name, r.level)).collect()
}

/// The province and district (canonical) of every resolved place, as `province|district`.
fn admin(input: &str) -> Vec<String> {
    let folded = Folded::new(input);
    g().locate(folded.as_str())
        .iter()
        .map(|r| format!("{}|{}", r.province.unwrap_or("-"), r.district.unwrap_or("-")))
        .collect()
}

fn check(input: &str, expect: &[&str]) {
    assert_eq!(places(input), expect, "places({input:?})");
}

#[test]
fn index_builds_and_has_all_provinces() {
    let provinces: Vec<&Unit> = g().units().iter().filter(|u| u.level == Level::Province).collect();
    assert_eq!(provinces.len(), 34);
    assert!(provinces.iter().all(|p| p.iso.is_some() && p.pcode.is_some() && p.lat.is_some()));
    let districts = g().units().iter().filter(|u| u.level == Level::District).count();
    assert!(districts >= 399, "{districts}");
}

#[test]
fn every_name_is_folded() {
    for u in g().units().iter().take(2000) {
        for n in g().names_of(u.id) {
            assert_eq!(fold_name(n), n, "{n:?} of {}", u.name);
        }
    }
}

#[test]
fn province_spellings() {
    for s in ["قندهار", "کندهار", "Kandahar", "Qandahar"] {
        check(&format!("قتل 3 في {s} اليوم"), &["Kandahar/province"]);
    }
    for s in ["ننجرهار", "ننگرهار", "ننګرهار", "نانكارهار", "Nangarhar", "Ningrahar"] {
        check(&format!("attack in {s} today"), &["Nangarhar/province"]);
    }
    for s in ["روزجان", "ارزگان", "Uruzgan", "Oruzgan", "أوروزغان"] {
        check(&format!("هجوم في {s}"), &["Uruzgan/province"]);
    }
    // "غزني" is also the Pashto oblique of "غزنه": as the Arabic and Dari name it needs no cue.
    for s in ["غزنی", "غزني", "غزنى"] {
        check(&format!("حمله در هلمند و {s}"), &["Helmand/province", "Ghazni/province"]);
    }
    for (s, want) in [
        ("بكتيا", "Paktia"),
        ("Paktya", "Paktia"),
        ("Hilmand", "Helmand"),
        ("هلمند", "Helmand"),
        ("Hirat", "Herat"),
        ("هراة", "Herat"),
        ("فرح", "Farah"),
        ("قندوز", "Kunduz"),
        ("خوست", "Khost"),
        ("كونر", "Kunar"),
        ("بلخ", "Balkh"),
        ("غازنى", "Ghazni"),
        ("Jawzjan", "Jowzjan"),
        ("Sar-e-Pul", "Sar-e Pul"),
        ("Maidan Wardak", "Wardak"),
        ("Panjsher", "Panjshir"),
    ] {
        check(&format!("fighting in {s} killed"), &[&format!("{want}/province")]);
    }
}

#[test]
fn district_spellings() {
    for s in ["مقاطعة جرشك", "Grishk district", "Gereshk district", "Nahr-e Saraj district", "Nahr-e-Saraj district"]
    {
        check(s, &["Nahr-e Saraj/district"]);
    }
    for s in ["مدينة ترينكوت", "Tirinkot city", "Tarin Kowt district"] {
        let p = places(s);
        assert!(p == ["Tarinkot/district"] || p == ["Tarinkot/town"], "{s}: {p:?}");
        assert_eq!(admin(s), ["Uruzgan|Tarinkot"], "{s}");
    }
    for (s, want) in [
        ("في مديرية أسعد آباد", "Asadabad"),
        ("بمديرية موسى قلعة", "Musa Qala"),
        ("مديرية أرجي", "Dasht-e Archi"),
        ("في مقاطعة سوكي", "Chawkay"),
        ("بمديرية شيواك", "Shwak"),
        ("في مقاطعة تشابارهار", "Chaparhar"),
        ("مديرية أشين", "Achin"),
        ("في إقليم ند علي", "Nad-e Ali"),
        ("Marjeh district", "Marja"),
        ("Zharay district", "Zhari"),
        ("Tsamkani district", "Chamkani"),
        ("Panjwa'i district", "Panjwai"),
        ("Shortepa district", "Shortepa"),
        ("Mizana district", "Mizan"),
        ("Dara-i-Suf-i-Payin district", "Dara-e Suf-e Payin"),
        ("Sawkai district", "Chawkay"),
    ] {
        check(s, &[&format!("{want}/district")]);
    }
    let p = places("قاعدة عسكرية في بالا بولوك");
    assert_eq!(p, ["Bala Buluk/district"]);
    let p = places("انفجرت شاحنة في لشكركاه");
    assert_eq!(p, ["Lashkar Gah/district"]);
}

#[test]
fn context_disambiguates_arghandab() {
    assert_eq!(admin("قرية نائية بمديرية ارغنداب في ولاية قندهار"), ["Kandahar|Arghandab", "Kandahar|-"]);
    assert_eq!(admin("Arghandab district of Zabul province"), ["Zabul|Arghandab", "Zabul|-"]);
    let folded = Folded::new("clashes in Arghandab district");
    let m = g().mentions(folded.as_str());
    let zabul = g().by_key("AF26").map(|u| u.id);
    let ctx = Context { provinces: zabul.into_iter().collect(), ..Context::default() };
    let r = g().resolve(&m, &ctx);
    assert_eq!(r[0].province, Some("Zabul"));
}

#[test]
fn admin_consistency_and_province_over_same_named_district() {
    assert_eq!(places("Sangin district, Helmand province"), ["Sangin/district", "Helmand/province"]);
    assert_eq!(admin("Sangin district, Helmand province"), ["Helmand|Sangin", "Helmand|-"]);
    check("an attack in Kandahar on Friday", &["Kandahar/province"]);
    check("an attack in Kandahar city on Friday", &["Kandahar/town"]);
    check("قرب مركز ولاية خوست", &["Khost (Matun)/district"]);
    check("in Lashkar Gah, the provincial capital of Helmand", &["Lashkar Gah/district", "Lashkar Gah/district"]);
    check("Ghazni district", &["Ghazni/district"]);
}

#[test]
fn common_words_and_villages_need_a_cue() {
    check("the mosque near the market center was full", &[]);
    check("المركز والمسجد قرب السوق", &[]);
    // A village name without a cue is not a place; with منطقة it is.
    let v = g().units().iter().find(|u| u.level == Level::Village && u.name == "Lorsheen");
    if let Some(v) = v {
        let name = g().names_of(v.id).find(|n| !n.is_ascii()).unwrap_or("lorsheen").to_string();
        assert!(places(&format!("قال {name} إن")).is_empty());
    }
    check("Taliban spokesman Zabiullah Mujahid said Munir Ahmad Farhad told Ahmadi", &[]);
    check("قال المتحدث ذبيح الله مجاهد", &[]);
}

fn dl(folded: &str) -> Vec<(usize, usize)> {
    datelines(folded).iter().map(|r| (r.start, r.end)).collect()
}

/// The datelines as defined: every non-empty line tried, without the comma-or-bracket shortcut.
fn datelines_by_definition(folded: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut first = true;
    for line in lines_inclusive(folded) {
        let line_start = line.as_ptr() as usize - folded.as_ptr() as usize;
        let lead = line.len() - line.trim_start().len();
        if !line.trim().is_empty() {
            if let Some(len) = dateline_at(line.trim_start(), first) {
                out.push(line_start + lead..line_start + lead + len);
            }
            first = false;
        }
    }
    out
}

#[test]
fn datelines_agree_with_their_definition() {
    let extra = "x\nkabul, afghanistan\nkabul (reuters) - a\nkabul - a\nkabul\t(ap): b\nkabul, feb 17 (ians)";
    for text in sitrep_text::testing::corpus(extra) {
        let folded = Folded::new(&text);
        assert_eq!(datelines(folded.as_str()), datelines_by_definition(folded.as_str()));
    }
}

#[test]
fn datelines_and_the_country_are_not_places() {
    check(
        "KABUL, Afghanistan (Nov. 3) - Coalition forces detained a suspect in Nangarhar province.",
        &["Nangarhar/province"],
    );
    check("KABUL (Reuters) - A bomb exploded in Helmand.", &["Helmand/province"]);
    check("Taliban attacked in Kabul on Sunday.", &["Kabul/province"]);
    check("قتل 23 شخصا في أفغانستان", &[]);
    assert_eq!(dl("kabul, afghanistan (nov. 3) - x"), [(0, 18)]);
    assert_eq!(dl("title\n\nkabul, mar 9 (ians): six guards"), [(7, 12)]);
    assert_eq!(dl("for immediate release\n kabul, afghanistan (aug. 6, 2012)\nafghan"), [(23, 41)]);
    assert_eq!(dl("kandahar (reuters) - a bomb"), [(0, 8)]);
    assert_eq!(dl("كابل - قتل"), [(0, 8)]);
    assert!(datelines("helmand: taliban attack\nsangin district, helmand province, was").is_empty());
    check(
        "6 guards hurt\n\nKabul, Mar 9 (IANS): Six guards were hurt in a blast in Balkh province.",
        &["Balkh/province"],
    );
}

#[test]
fn offsets_are_folded_byte_ranges() {
    let original = "في ولاية «هلمند» جنوب";
    let folded = Folded::new(original);
    let r = g().locate(folded.as_str());
    assert_eq!(r.len(), 1);
    assert_eq!(&original[folded.original_range(r[0].range.clone())], "هلمند");
    assert_eq!(r[0].geo_precision, 3);
    assert_eq!(r[0].iso, Some("AF-HEL"));
}

#[test]
fn search_any_script_and_spelling() {
    for (q, want) in [
        ("Helmand", "Helmand"),
        ("Hilmand", "Helmand"),
        ("ننجرهار", "Nangarhar"),
        ("Ningrahar", "Nangarhar"),
        ("Nangrahar", "Nangarhar"),
        ("Gereshk", "Nahr-e Saraj"),
        ("Girishk", "Nahr-e Saraj"),
        ("جرشك", "Nahr-e Saraj"),
        ("Tarin Kowt", "Tarinkot"),
        ("Tirin Kot", "Tarinkot"),
        ("ترينكوت", "Tarinkot"),
        ("روزجان", "Uruzgan"),
        ("Oruzgan", "Uruzgan"),
        ("Qandahar", "Kandahar"),
        ("Kandahaar", "Kandahar"),
        ("Lashkargah", "Lashkar Gah"),
        ("Nad Ali", "Nad-e Ali"),
        ("Musa Qalah", "Musa Qala"),
        ("Shewak", "Shwak"),
        ("Dashti Archi", "Dasht-e Archi"),
        ("Chowkay", "Chawkay"),
        ("Nahri Sarraj", "Nahr-e Saraj"),
        ("Marjah", "Marja"),
        ("Zhary", "Zhari"),
        ("Spin Buldak", "Spin Boldak"),
        ("Mazar-i-Sharif", "Mazar-e Sharif"),
        ("Jalalabad", "Jalalabad"),
        ("Pul-i-Khumri", "Pul-e Khumri"),
        ("Sheberghan", "Sheberghan"),
        ("Faryab", "Faryab"),
    ] {
        let hits = g().search(q, 5);
        assert!(
            hits.iter().any(|h| h.name == want),
            "search({q:?}) = {:?}",
            hits.iter().map(|h| h.to_string()).collect::<Vec<_>>()
        );
    }
    let line = g().search("Sangin", 1)[0].to_string();
    assert!(line.starts_with("Sangin\t"), "{line}");
    assert!(line.contains("Sangin, Helmand"), "{line}");
}

#[test]
fn version_is_stable() {
    assert_eq!(g().version().len(), 16);
    assert_eq!(
        g().version(),
        Gazetteer::parse(EMBEDDED_UNITS, EMBEDDED_NAMES).map(|x| x.version()).unwrap_or_default()
    );
}

/// `build.rs` compiled the embedded files into what reading them makes, and start-up takes that form (their
/// checksum, the names' order for the trie, its prebuilt double array) rather than reading and sorting.
#[test]
fn embedded_gazetteer_is_compiled() {
    let compiled = &compiled::EMBEDDED;
    assert_eq!(artefact::checksum(EMBEDDED_UNITS, EMBEDDED_NAMES), compiled.checksum, "build.rs read other files");
    let table = |file, text| tsv::Table::parse(file, text).expect("a header");
    let units = unit::read_units(&table("units.tsv", EMBEDDED_UNITS)).expect("units");
    let names = Names::read(&table("names.tsv", EMBEDDED_NAMES), units.len()).expect("names");
    assert!(g().units == units, "the compiled units are not those read");
    assert!(g().names == names, "the compiled names are not those read");
    assert_eq!(g().version, artefact::version(EMBEDDED_UNITS, EMBEDDED_NAMES));
    // The key layout is the names' byte order (distinct names: one pattern a key), the double array theirs.
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by_key(|&ix| names.get(ix));
    assert!(order == compiled.ids, "the compiled key layout is not the names' byte order");
    assert!(compiled.first.iter().copied().eq(0..=names.len() as u32), "the compiled key ranges are not one a name");
    let list: Vec<&str> = names.iter().collect();
    let checked = PatternTrie::with_prebuilt(&list, compiled.trie()).expect("a trie");
    assert!(checked.is_prebuilt(), "the compiled double array is not the names' (fingerprint)");
    assert!(g().trie.is_prebuilt(), "the trie was built at run time");
}

/// Other files are read, and the trie built from their names.
#[test]
fn other_files_are_read() {
    let units = "id\tcountry\tlevel\tkey\tname\tprovince\tdistrict\tlat\tlon\tgeo_precision\tpcode\tiso\tcapital\n\
                 0\tAF\tcountry\tAF\tAfghanistan\t-\t-\t-\t-\t3\t-\t-\t-\n\
                 1\tAF\tprovince\tAF30\tKandahar\t-\t-\t31.6\t65.7\t3\tAF30\tAF-KAN\t-\n";
    let names = "unit\tname\tflags\n0\tafghanistan\t\n1\tkandahar\t\n1\tقندهار\t\n";
    let g = Gazetteer::parse(units, names).expect("a gazetteer");
    assert!(!g.trie.is_prebuilt());
    assert_eq!(g.version, artefact::version(units, names));
    assert_eq!(g.by_key("AF30").map(|u| u.lat), Some(Some(31.6)));
    assert_eq!(g.names_of(UnitId(1)).collect::<Vec<_>>(), ["kandahar", "قندهار"]);
    let found = |text| g.locate(Folded::new(text).as_str()).iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(found("fighting in Kandahar today"), ["Kandahar"]);
    assert_eq!(found("هجوم في قندهار"), ["Kandahar"]);
    let bad = names.replace("1\tkandahar", "2\tkandahar");
    assert_eq!(Gazetteer::parse(units, &bad).map_err(|e| e.line).err(), Some(3));
}

#[test]
fn dev_documents_resolve_their_places() {
    // Phrases of the kinds met in /work/shared/dev (written here, not copied).
    for (input, want) in [
        ("وبدأت الهجمات في ولاية فرح غربا", &["Farah/province"][..]),
        ("في المنطقة الفاصلة بين ولايتي هلمند وهرات", &["Helmand/province", "Herat/province"]),
        ("gunmen hit a post in the Mizana district, in southern Zabul province", &["Mizan/district", "Zabul/province"]),
        ("raided two posts in Shortepa district overnight", &["Shortepa/district"]),
        ("في منطقة أخرى من الولاية", &[]),
        ("انفجار في إقليم (غازنى) صباح اليوم", &["Ghazni/province"]),
    ] {
        check(input, want);
    }
}

/// Texts to compare the anchored name search with a plain overlapping search: the project's samples, odd
/// spacing and proclitics, and the development documents of `../shared` when they are beside the checkout.
fn equivalence_texts() -> Vec<String> {
    sitrep_text::testing::corpus(
        "وفي ولاية قندهار، بمديرية ارغنداب وبالمديرية لقوات (كابل) -هلمند- Kabul's Helmand,Kandahar 3Kabul",
    )
}

#[test]
fn anchored_name_search_finds_what_an_overlapping_search_finds() {
    let g = g();
    let reference = aho_corasick::AhoCorasick::new(g.names.iter()).expect("the names build an automaton");
    for text in equivalence_texts() {
        let folded = Folded::new(&text);
        let f = folded.as_str();
        let mut expected: Vec<(usize, usize, u32)> = reference
            .find_overlapping_iter(f)
            .filter(|m| g.on_boundaries(f, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
            .collect();
        let mut got = g.name_spans(f, &sitrep_text::match_starts(f));
        expected.sort();
        got.sort();
        assert_eq!(got, expected);
    }
}

#[test]
fn lines_split_as_split_inclusive_splits() {
    for text in ["", "a", "a\n", "\n\na\r\nb", "x\u{2028}y\u{2029}\u{2027}z\n", "قندهار\nكابل", "\u{2028}"] {
        let expected: Vec<&str> = text.split_inclusive(['\n', '\r', '\u{2028}', '\u{2029}']).collect();
        assert_eq!(lines_inclusive(text).collect::<Vec<_>>(), expected, "{text:?}");
    }
}
