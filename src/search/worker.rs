//! The search worker: a thread that runs searches, so that typing never waits for one.
//!
//! The app sends a [`Request`] for every new search text, numbered by a generation that
//! only grows. The worker always takes the newest request waiting and drops the others; a
//! search still running when a newer request arrives stops within a few hundred services
//! (the generation is checked while scanning). Results come back as an [`Outcome`] with the
//! request's generation, so the app can ignore late ones.
//!
//! When the new text only adds to the previous one (see [`Query::narrows`]) and the previous
//! results are at most three quarters of the catalogue (an eighth of a big one), the worker
//! first searches among them, which is fast, and sends them; then, unless a
//! newer request came in meanwhile, it searches the whole catalogue and sends that too
//! (`exact`, on one thread only, so that typing meanwhile finds a core free), so that the
//! rare service the narrowed search cannot see still appears.
//!
//! Otherwise, on a big catalogue, the whole catalogue is searched; its first answer is the
//! head of the ranking ([`Index::search_head`]: the entries matched by a whole word or a
//! word's start in their names and titles), which begins the exact answer that follows.
//!
//! The last exact answers are kept (`Recent`), so that going back to an earlier text
//! (backspace) is answered at once; not the answer to an empty text, which lists every
//! service and is quickly found again.

use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use super::index::Reach;
use super::{Field, Hit, Index, Quality, Query};

/// A search the app asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Increases with every request; the answer carries it back.
    pub generation: u64,
    /// The search text.
    pub text: String,
}

/// The answer to a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The request's generation.
    pub generation: u64,
    /// The hits, ranked as [`Index::search`] ranks them.
    pub hits: Vec<Hit>,
    /// The request's text, parsed.
    pub query: Query,
    /// True when every service was searched; false for a first answer (the head of the
    /// ranking, or the search among the previous results), which an exact one follows unless
    /// a newer request came in.
    pub exact: bool,
}

/// What the worker remembers of its last answer, to narrow the next search.
#[derive(Default)]
struct Last {
    query: Query,
    /// The entries found ([`Hit::entry`]), ascending. The buffer is reused from answer to answer.
    services: Vec<u32>,
    /// A bit per service, marked while the entries are put in order.
    marks: Vec<u64>,
    exact: bool,
}

impl Last {
    /// Remembers an answer, in place of the previous one: the services found in order from
    /// a mark each (an answer of 100,000 services would take milliseconds to sort, before
    /// the answer goes out), then the other entries, few, sorted.
    fn set(&mut self, query: &Query, hits: &[Hit], exact: bool) {
        self.query.clone_from(query);
        self.services.clear();
        let services = &mut self.services;
        ascending(hits.iter().filter_map(Hit::service), &mut self.marks, |s| {
            services.push(s as u32);
        });
        let services = self.services.len();
        self.services
            .extend(hits.iter().filter(|hit| hit.service().is_none()).map(|hit| hit.entry));
        self.services[services..].sort_unstable();
        self.exact = exact;
    }
}

/// Gives distinct numbers to `push` in ascending order, from a bit each in `marks` (space
/// kept from call to call) instead of a sort: 100,000 services take a fraction of a
/// millisecond, and what is read by service number after it is read in order.
pub fn ascending(numbers: impl IntoIterator<Item = usize>, marks: &mut Vec<u64>, mut push: impl FnMut(usize)) {
    marks.clear();
    for n in numbers {
        let (word, bit) = (n / 64, n % 64);
        if word >= marks.len() {
            marks.resize(word + 1, 0);
        }
        marks[word] |= 1 << bit;
    }
    for (word, &bits) in marks.iter().enumerate() {
        let mut bits = bits;
        while bits != 0 {
            push(word * 64 + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    }
}

/// True when a search among `candidates` of a catalogue of `services` goes first: when they
/// are at most three in four of its services; on a catalogue that gets the head of an answer
/// first ([`HEAD_FROM`]), at most one in eight (among more, the head is sooner: it reads
/// only names and titles, about as long as a search among an eighth of the services takes,
/// and the whole answer after it comes from every core, not one).
const fn narrow_among(candidates: usize, services: usize) -> bool {
    if services >= HEAD_FROM {
        candidates.saturating_mul(8) <= services
    } else {
        candidates.saturating_mul(4) <= services.saturating_mul(3)
    }
}

/// Catalogues with at least this many services get the head of an answer first when the
/// whole catalogue is searched (see [`head_first`]); a smaller one is searched whole in a
/// few milliseconds.
const HEAD_FROM: usize = 4096;

/// True when the head of the answer goes first ([`Index::search_head`]): on a big catalogue,
/// for a query with a word that must match. It is the beginning of the exact answer, found
/// in a fraction of the time (only names, titles and other names are read), so the best
/// entries show at once; the rest of the answer follows, on every core as before. (A query
/// of exclusions alone matches nearly everything: its head would be its whole answer.)
fn head_first(index: &Index, query: &Query) -> bool {
    index.len() >= HEAD_FROM && query.terms().iter().any(|term| !term.negated)
}

/// At most this many answers are kept, and at most [`RECENT_HITS`] hits in all.
const RECENT_ANSWERS: usize = 24;

/// The most hits kept in recent answers (8 bytes each): 4 MB at most, held as long as the
/// app runs (a small catalogue's answers take what they hold). Answers to short texts on a
/// big catalogue hold a hit for most services: at 100,000 services this keeps the last four
/// or five, so that backspacing over a word's first letters, the slowest to search, is
/// answered at once.
const RECENT_HITS: usize = 500_000;

/// A hit as kept in a recent answer, in 8 bytes: the score times 64, plus the quality's
/// number times 16, plus the field's number. (A score is at most a few thousand per term,
/// for at most 32 terms.)
#[derive(Debug, Clone, Copy, Default)]
struct Kept {
    entry: u32,
    score_field: i32,
}

impl Kept {
    /// The hit packed; `None` if its score does not fit.
    fn pack(hit: &Hit) -> Option<Self> {
        let score = hit.score.checked_mul(64)?;
        Some(Self {
            entry: hit.entry,
            score_field: score + (hit.quality as i32) * 16 + hit.field as i32,
        })
    }

    /// The hit again.
    fn unpack(self) -> Hit {
        let number = usize::try_from(self.score_field & 15).unwrap_or_default();
        let field = Field::ALL.get(number).copied().unwrap_or(Field::Title);
        let quality = usize::try_from((self.score_field >> 4) & 3).unwrap_or_default();
        Hit {
            entry: self.entry,
            score: self.score_field >> 6,
            field,
            quality: Quality::ALL.get(quality).copied().unwrap_or_default(),
        }
    }
}

/// The last exact answers, newest first, their hits in one ring buffer of [`RECENT_HITS`]
/// that is reserved once: an answer goes after the newest one, or at the start when it does
/// not fit there, and the answers it overwrites are forgotten. (An allocation per answer,
/// kept for a while among the searches' short-lived buffers, scattered them: the process
/// grew by more than it kept.)
#[derive(Debug, Default)]
struct Recent {
    answers: VecDeque<(Query, Range<usize>)>,
    store: Vec<Kept>,
}

impl Recent {
    /// The answer to `query`, if it is kept.
    fn get(&self, query: &Query) -> Option<Vec<Hit>> {
        let (_, range) = self.answers.iter().find(|(q, _)| q == query)?;
        Some(self.store.get(range.clone())?.iter().map(|k| k.unpack()).collect())
    }

    /// Keeps an exact answer, forgetting the oldest ones beyond the limits.
    fn keep(&mut self, query: &Query, hits: &[Hit]) {
        if query.is_empty() || hits.len() > RECENT_HITS || self.answers.iter().any(|(q, _)| q == query) {
            return;
        }
        // An answer whose hits do not all pack is not kept, and costs no other one its place.
        if !hits.iter().all(|hit| Kept::pack(hit).is_some()) {
            return;
        }
        let after = self.answers.front().map_or(0, |(_, r)| r.end);
        let start = if after + hits.len() <= RECENT_HITS { after } else { 0 };
        let range = start..start + hits.len();
        self.answers
            .retain(|(_, r)| r.end <= range.start || r.start >= range.end);
        if self.store.capacity() == 0 {
            self.store.reserve_exact(RECENT_HITS);
        }
        if self.store.len() < range.end {
            self.store.resize(range.end, Kept::default());
        }
        for (slot, hit) in self.store[range.clone()].iter_mut().zip(hits) {
            *slot = Kept::pack(hit).unwrap_or_default();
        }
        self.answers.push_front((query.clone(), range));
        self.answers.truncate(RECENT_ANSWERS);
    }

    /// The number of hits kept.
    #[cfg(test)]
    fn hits(&self) -> usize {
        self.answers.iter().map(|(_, r)| r.len()).sum()
    }
}

/// A handle on the search thread. Dropping it stops the thread (after any search it is
/// running gives up).
#[derive(Debug)]
pub struct Worker {
    requests: Sender<Request>,
    latest: Arc<AtomicU64>,
}

impl Worker {
    /// Starts the thread; `deliver` is called on it with every outcome and returns false
    /// when nobody listens any more (the thread then ends).
    pub fn spawn(index: Arc<Index>, deliver: impl Fn(Outcome) -> bool + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        std::thread::spawn(move || serve(&index, &inbox, &seen, &deliver));
        Self { requests, latest }
    }

    /// Asks for a search; any older search still running stops.
    pub fn send(&self, request: Request) {
        self.latest.fetch_max(request.generation, Ordering::SeqCst);
        // The thread ends only when this handle is dropped.
        let _ = self.requests.send(request);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Stops a running search; the closed channel then ends the thread.
        self.latest.store(u64::MAX, Ordering::SeqCst);
    }
}

/// The worker's loop: the newest request first, older ones dropped.
fn serve(index: &Index, inbox: &Receiver<Request>, latest: &AtomicU64, deliver: &dyn Fn(Outcome) -> bool) {
    let mut last: Option<Last> = None;
    let mut recent = Recent::default();
    while let Ok(mut request) = inbox.recv() {
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        let generation = request.generation;
        let cancelled = || latest.load(Ordering::SeqCst) != generation;
        let query = Query::parse(&request.text);
        if let Some(hits) = recent.get(&query) {
            last.get_or_insert_with(Last::default).set(&query, &hits, true);
            if !deliver(Outcome {
                generation,
                hits,
                query,
                exact: true,
            }) {
                return;
            }
            continue;
        }
        // Narrowing pays when the last answer is a small part of the catalogue; among most
        // of it, the first answer would take as long as the exact one, which would follow.
        let narrowed = last
            .as_ref()
            .filter(|l| query.narrows(&l.query) && narrow_among(l.services.len(), index.len()))
            .and_then(|l| {
                let exact = l.exact && query == l.query;
                index
                    .search_within(&query, Some(&l.services), &cancelled)
                    .map(|hits| (hits, exact))
            });
        let (hits, exact) = match narrowed {
            Some((hits, exact)) if exact => (hits, true),
            Some((hits, _)) => {
                last.get_or_insert_with(Last::default).set(&query, &hits, false);
                if !deliver(Outcome {
                    generation,
                    hits,
                    query: query.clone(),
                    exact: false,
                }) {
                    return;
                }
                // The check runs on one thread, leaving the other cores to the interface.
                match index.search_on(&query, None, 1, Reach::Rank, &cancelled) {
                    Some(hits) => (hits, true),
                    None => continue,
                }
            }
            None => {
                if head_first(index, &query) {
                    match index.search_head(&query, &cancelled) {
                        None => continue,
                        Some(head) if !head.is_empty() => {
                            if !deliver(Outcome {
                                generation,
                                hits: head,
                                query: query.clone(),
                                exact: false,
                            }) {
                                return;
                            }
                        }
                        Some(_) => {}
                    }
                }
                match index.search_within(&query, None, &cancelled) {
                    Some(hits) => (hits, true),
                    None => continue,
                }
            }
        };
        last.get_or_insert_with(Last::default).set(&query, &hits, exact);
        recent.keep(&query, &hits);
        if !deliver(Outcome {
            generation,
            hits,
            query,
            exact,
        }) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;
    use crate::catalogue::{Catalogue, Service, Text};

    fn index(titles: &[&str]) -> Arc<Index> {
        index_of(titles.iter().map(|&t| (t, "x")))
    }

    /// Services with these titles and summaries, in English.
    fn index_of<'a>(texts: impl Iterator<Item = (&'a str, &'a str)>) -> Arc<Index> {
        let services = texts
            .enumerate()
            .map(|(i, (title, summary))| Service {
                id: format!("s{i}").into(),
                title: Text::new("", title),
                summary: Text::new("", summary),
                ..Service::default()
            })
            .collect();
        Arc::new(Index::new(&Catalogue {
            services,
            ..Catalogue::default()
        }))
    }

    fn worker(index: &Arc<Index>) -> (Worker, Receiver<Outcome>) {
        let (tx, rx) = mpsc::channel();
        let worker = Worker::spawn(Arc::clone(index), move |o| tx.send(o).is_ok());
        (worker, rx)
    }

    fn next(rx: &Receiver<Outcome>) -> Outcome {
        rx.recv_timeout(Duration::from_secs(10)).expect("an outcome")
    }

    fn services(o: &Outcome) -> Vec<usize> {
        o.hits.iter().map(Hit::index).collect()
    }

    #[test]
    fn answers_with_the_generation_and_the_same_hits_as_a_direct_search() {
        let index = index(&["Theatre studio", "Chess club", "Theatre club"]);
        let (worker, rx) = worker(&index);
        worker.send(Request {
            generation: 1,
            text: "club".into(),
        });
        let o = next(&rx);
        assert_eq!((o.generation, o.exact), (1, true));
        assert_eq!(o.hits, index.search(&Query::parse("club")));
    }

    #[test]
    fn the_last_answer_keeps_its_entries_in_order() {
        use crate::catalogue::EntityRef;
        let hit = |entry| Hit::new(entry, 0, Field::Title, Quality::Whole).expect("a hit");
        let ranked = [
            EntityRef::Theme(2),
            EntityRef::Service(130),
            EntityRef::Library(7),
            EntityRef::Service(0),
            EntityRef::Service(64),
            EntityRef::Library(1),
            EntityRef::Service(63),
        ]
        .map(hit);
        let mut last = Last::default();
        last.set(&Query::parse("x"), &ranked, true);
        let mut expected: Vec<u32> = ranked.iter().map(|h| h.entry).collect();
        expected.sort_unstable();
        assert_eq!(last.services, expected);
        // The buffers are reused: a smaller answer leaves nothing of the bigger one.
        last.set(&Query::parse("xy"), &ranked[3..5], true);
        assert_eq!(last.services, [0, 64]);
    }

    #[test]
    fn a_longer_query_is_narrowed_first_then_confirmed() {
        let index = index(&["Theatre studio", "Chess club", "Theatre club"]);
        let (worker, rx) = worker(&index);
        worker.send(Request {
            generation: 1,
            text: "the".into(),
        });
        assert_eq!(services(&next(&rx)), [0, 2]);
        worker.send(Request {
            generation: 2,
            text: "theatre c".into(),
        });
        let first = next(&rx);
        assert_eq!((first.generation, first.exact, services(&first)), (2, false, vec![2]));
        let confirmed = next(&rx);
        assert_eq!((confirmed.generation, confirmed.exact), (2, true));
        assert_eq!(confirmed.hits, index.search(&Query::parse("theatre c")));
    }

    #[test]
    fn a_longer_query_after_most_of_the_catalogue_is_answered_exactly_at_once() {
        let index = index(&["Theatre studio", "Chess tournament", "Theatre club", "Tea room"]);
        let (worker, rx) = worker(&index);
        worker.send(Request {
            generation: 1,
            text: "t".into(),
        });
        assert_eq!(next(&rx).hits.len(), 4);
        worker.send(Request {
            generation: 2,
            text: "th".into(),
        });
        let o = next(&rx);
        assert_eq!((o.generation, o.exact), (2, true));
        assert_eq!(o.hits, index.search(&Query::parse("th")));
        assert!(narrow_among(3, 4) && !narrow_among(4, 4) && narrow_among(0, 0));
        // A big catalogue gets the head first unless the candidates are few.
        assert!(narrow_among(HEAD_FROM / 8, HEAD_FROM) && !narrow_among(HEAD_FROM / 8 + 1, HEAD_FROM));
    }

    #[test]
    fn on_a_big_catalogue_the_head_of_the_answer_comes_first() {
        let index = index_of((0..HEAD_FROM).map(|i| {
            (
                if i % 2 == 0 { "Theatre studio" } else { "Chess club" },
                "A club for actors",
            )
        }));
        let (worker, rx) = worker(&index);
        worker.send(Request {
            generation: 1,
            text: "club".into(),
        });
        let (head, exact) = (next(&rx), next(&rx));
        let all = index.search(&Query::parse("club"));
        assert_eq!((head.exact, head.hits.len()), (false, HEAD_FROM / 2), "the chess clubs");
        assert_eq!(head.hits[..], all[..HEAD_FROM / 2]);
        assert_eq!((exact.generation, exact.exact, exact.hits.len()), (1, true, HEAD_FROM));
        assert_eq!(exact.hits, all);
        // No head: the word is in no title, or nothing must match.
        for (generation, text) in [(2, "actors"), (3, "!chess")] {
            worker.send(Request {
                generation,
                text: text.into(),
            });
            let o = next(&rx);
            assert_eq!((o.generation, o.exact), (generation, true), "{text}");
            assert_eq!(o.hits, index.search(&Query::parse(text)));
        }
        assert!(head_first(&index, &Query::parse("actors")) && !head_first(&index, &Query::parse("!chess")));
    }

    #[test]
    fn on_a_big_catalogue_a_longer_query_after_many_results_gets_the_head_not_a_narrowed_search() {
        let index = index_of((0..HEAD_FROM).map(|i| match i % 4 {
            0 => ("Theatre studio", "A chess club for actors"),
            1 => ("Chess club", "x"),
            _ => ("Reading room", "x"),
        }));
        let (worker, rx) = worker(&index);
        worker.send(Request {
            generation: 1,
            text: "chess".into(),
        });
        let (_, exact) = (next(&rx), next(&rx));
        assert_eq!((exact.exact, exact.hits.len()), (true, HEAD_FROM / 2));
        // Half the catalogue is more than an eighth: the head (the chess clubs by their
        // titles), not the services among the previous results (the theatre studios too).
        worker.send(Request {
            generation: 2,
            text: "chess club".into(),
        });
        let (head, exact) = (next(&rx), next(&rx));
        let all = index.search(&Query::parse("chess club"));
        assert_eq!((head.exact, head.hits.len()), (false, HEAD_FROM / 4));
        assert_eq!(head.hits[..], all[..HEAD_FROM / 4]);
        assert_eq!((exact.generation, exact.exact, exact.hits), (2, true, all));
    }

    #[test]
    fn the_same_query_again_is_answered_exactly_from_the_last_results() {
        let index = index(&["Theatre studio", "Chess club"]);
        let (worker, rx) = worker(&index);
        worker.send(Request {
            generation: 1,
            text: "chess".into(),
        });
        next(&rx);
        worker.send(Request {
            generation: 2,
            text: "chess ".into(),
        });
        let o = next(&rx);
        assert_eq!((o.generation, o.exact, services(&o)), (2, true, vec![1]));
    }

    #[test]
    fn recent_answers_come_back_the_same_and_the_oldest_are_forgotten() {
        let index = index(&["Theatre studio", "Chess club", "Theatre club"]);
        let mut recent = Recent::default();
        let queries: Vec<Query> = (0..=RECENT_ANSWERS).map(|i| Query::parse(&format!("t {i}"))).collect();
        let club = Query::parse("club");
        let hits = index.search(&club);
        recent.keep(&club, &hits);
        assert_eq!(recent.get(&club), Some(hits.clone()));
        assert_eq!(recent.get(&Query::parse("clu")), None);
        for q in &queries[1..] {
            recent.keep(q, &hits);
        }
        assert_eq!(recent.answers.len(), RECENT_ANSWERS);
        assert_eq!(recent.get(&club), None, "the oldest answer is forgotten");
        assert_eq!(recent.hits(), RECENT_ANSWERS * hits.len());
        recent.keep(&Query::parse(""), &hits);
        assert_eq!(recent.get(&Query::parse("")), None, "an empty text is searched again");
        let too_many = vec![hits[0]; RECENT_HITS + 1];
        recent.keep(&Query::parse("big"), &too_many);
        assert_eq!(
            recent.get(&Query::parse("big")),
            None,
            "an answer bigger than the limit is not kept"
        );
    }

    #[test]
    fn recent_answers_that_do_not_fit_after_the_newest_overwrite_the_oldest() {
        let index = index(&["Theatre studio", "Chess club", "Theatre club"]);
        let hit = index.search(&Query::parse("club"))[0];
        let big = |n: usize| vec![hit; n];
        let mut recent = Recent::default();
        let [a, b, c] = ["a", "b", "c"].map(Query::parse);
        recent.keep(&a, &big(RECENT_HITS / 2));
        recent.keep(&b, &big(RECENT_HITS / 2));
        assert_eq!(recent.hits(), RECENT_HITS, "both fit");
        recent.keep(&c, &big(10));
        assert_eq!(recent.get(&a), None, "the oldest is overwritten");
        assert_eq!(recent.get(&b), Some(big(RECENT_HITS / 2)));
        assert_eq!(recent.get(&c), Some(big(10)));
        assert_eq!(recent.store.capacity(), RECENT_HITS, "the buffer never grows");
        // An answer with a score too big to keep is not kept, and overwrites nothing.
        let huge = Hit { score: i32::MAX, ..hit };
        let mut with_huge = big(RECENT_HITS / 2);
        with_huge.push(huge);
        recent.keep(&a, &with_huge);
        assert_eq!(recent.get(&a), None);
        assert_eq!(recent.get(&b), Some(big(RECENT_HITS / 2)));
        assert_eq!(recent.get(&c), Some(big(10)));
    }

    #[test]
    fn a_kept_hit_comes_back_the_same() {
        for field in Field::ALL {
            for quality in Quality::ALL {
                for score in [-40_000, -5, -1, 0, 1, 7, 40_000] {
                    let hit = Hit {
                        entry: 0x0001_869f | (3 << 29),
                        score,
                        field,
                        quality,
                    };
                    assert_eq!(Kept::pack(&hit).map(Kept::unpack), Some(hit));
                }
            }
        }
        let huge = Hit {
            entry: 0,
            score: i32::MAX / 32,
            field: Field::People,
            quality: Quality::Partial,
        };
        assert!(Kept::pack(&huge).is_none(), "a score that does not fit is not kept");
    }

    #[test]
    fn going_back_to_an_earlier_text_gives_its_exact_answer() {
        let index = index(&["Theatre studio", "Chess club", "Theatre club"]);
        let (worker, rx) = worker(&index);
        for (generation, text) in [(1, "th"), (2, "the"), (3, "th")] {
            worker.send(Request {
                generation,
                text: text.into(),
            });
            let mut o = next(&rx);
            while !o.exact {
                o = next(&rx);
            }
            assert_eq!(o.generation, generation);
            assert_eq!(o.hits, index.search(&Query::parse(text)));
        }
    }

    #[test]
    fn waiting_requests_are_dropped_for_the_newest() {
        let index = index(&["Theatre studio", "Chess club"]);
        let (tx, rx) = mpsc::channel();
        let (requests, inbox) = mpsc::channel();
        let latest = AtomicU64::new(3);
        for (generation, text) in [(1, "x"), (2, "y"), (3, "chess")] {
            requests
                .send(Request {
                    generation,
                    text: text.into(),
                })
                .expect("queued");
        }
        drop(requests);
        serve(&index, &inbox, &latest, &move |o| tx.send(o).is_ok());
        let outcomes: Vec<Outcome> = rx.try_iter().collect();
        assert_eq!(outcomes.len(), 1);
        assert_eq!((outcomes[0].generation, services(&outcomes[0])), (3, vec![1]));
    }

    #[test]
    fn a_stale_request_is_given_up() {
        let index = index(&["Theatre studio"]);
        let (tx, rx) = mpsc::channel();
        let (requests, inbox) = mpsc::channel();
        // A newer generation than the one queued was already announced.
        let latest = AtomicU64::new(2);
        requests
            .send(Request {
                generation: 1,
                text: "theatre".into(),
            })
            .expect("queued");
        drop(requests);
        serve(&index, &inbox, &latest, &move |o| tx.send(o).is_ok());
        assert!(rx.try_recv().is_err());
    }
}
