//! Search queries from arbitrary text: parsing the operators and searching the bundled
//! catalogue. Hits must be real services, each once.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use libservices::catalogue::{Dataset, Source, load};
use libservices::search::{Index, Query};

fn bundled() -> &'static (Dataset, Index) {
    static DATA: OnceLock<(Dataset, Index)> = OnceLock::new();
    DATA.get_or_init(|| {
        let ds = load(&[Source::bundled()]).expect("the bundled catalogue loads");
        let index = Index::new(&ds.catalogue);
        (ds, index)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (ds, index) = bundled();
    let query = Query::parse(&text);
    let hits = index.search(&query);
    let mut seen = vec![false; ds.catalogue.services.len()];
    for hit in &hits {
        assert!(hit.service < seen.len());
        assert!(!seen[hit.service], "a service found twice");
        seen[hit.service] = true;
    }
    if query.is_empty() {
        assert_eq!(hits.len(), ds.catalogue.services.len());
    }
});
