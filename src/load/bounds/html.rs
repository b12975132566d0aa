//! The HTML a page becomes, read by html5ever into a tree that only counts.

use super::markdown::Problem;
use super::{HTML_DEPTH, forbidden};
use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::fmt;

/// The parser's work allowed: a base, and so much per byte of HTML. Each tag makes
/// the parser look through the open elements a few times: at the deepest nesting
/// allowed that is about 50 looks per byte; this is a backstop for what the depth
/// does not catch.
#[derive(Clone, Copy)]
pub struct Budget {
    pub base: u64,
    pub per_byte: u64,
}

pub const BUDGET: Budget = Budget { base: 1 << 20, per_byte: 256 };
/// The HTML goes to the parser in pieces of at most this many bytes, and the bounds
/// are checked after each: no piece can cost much.
const PIECE: usize = 1024;

struct Node {
    name: QualName,
    parent: Option<usize>,
    depth: usize,
    /// A `<template>`'s contents.
    contents: Option<usize>,
}

/// A tree builder's sink that keeps each node's name and depth, counts the work
/// the parser does (every look at a node's name or identity), and notes a
/// forbidden character in text or an attribute.
struct Counting {
    nodes: RefCell<Vec<Node>>,
    work: Cell<u64>,
    deepest: Cell<usize>,
    forbidden: Cell<Option<char>>,
}

#[derive(Debug)]
struct Name<'a>(Ref<'a, Vec<Node>>, usize);

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.name.local)
    }
}

impl ElemName for Name<'_> {
    fn ns(&self) -> &Namespace {
        &self.0[self.1].name.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0[self.1].name.local
    }
}

impl Counting {
    fn add(&self, name: QualName) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node { name, parent: None, depth: 0, contents: None });
        nodes.len() - 1
    }
    fn note(&self, text: &str) {
        if self.forbidden.get().is_none()
            && let Some(c) = text.chars().find(|&c| forbidden(c))
        {
            self.forbidden.set(Some(c));
        }
    }
    fn place(&self, parent: Option<usize>, child: NodeOrText<usize>) {
        match child {
            NodeOrText::AppendNode(h) => {
                let mut nodes = self.nodes.borrow_mut();
                let depth = parent.and_then(|p| nodes.get(p)).map_or(0, |p| p.depth + 1);
                if let Some(n) = nodes.get_mut(h) {
                    n.parent = parent;
                    n.depth = depth;
                }
                self.deepest.set(self.deepest.get().max(depth));
            }
            NodeOrText::AppendText(t) => self.note(&t),
        }
    }
    fn tick(&self) {
        self.work.set(self.work.get() + 1);
    }
}

impl TreeSink for Counting {
    type Handle = usize;
    type Output = ();
    type ElemName<'a> = Name<'a>;

    fn finish(self) {}
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> usize {
        0
    }
    fn elem_name<'a>(&'a self, target: &'a usize) -> Name<'a> {
        self.tick();
        let nodes = self.nodes.borrow();
        let i = if *target < nodes.len() { *target } else { 0 };
        Name(nodes, i)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> usize {
        for a in &attrs {
            self.note(&a.value);
        }
        let template = name.ns == ns!(html) && name.local == local_name!("template");
        let h = self.add(name);
        if template {
            let contents = self.add(QualName::new(None, ns!(), local_name!("")));
            self.nodes.borrow_mut()[h].contents = Some(contents);
        }
        h
    }
    fn create_comment(&self, _text: StrTendril) -> usize {
        self.add(QualName::new(None, ns!(), local_name!("")))
    }
    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.add(QualName::new(None, ns!(), local_name!("")))
    }
    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.place(Some(*parent), child);
    }
    fn append_based_on_parent_node(&self, element: &usize, prev_element: &usize, child: NodeOrText<usize>) {
        let parent = self.nodes.borrow().get(*element).and_then(|n| n.parent);
        match parent {
            Some(p) => self.place(Some(p), child),
            None => self.place(Some(*prev_element), child),
        }
    }
    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}
    fn get_template_contents(&self, target: &usize) -> usize {
        self.nodes.borrow().get(*target).and_then(|n| n.contents).unwrap_or(*target)
    }
    fn same_node(&self, x: &usize, y: &usize) -> bool {
        self.tick();
        x == y
    }
    fn set_quirks_mode(&self, _mode: QuirksMode) {}
    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let parent = self.nodes.borrow().get(*sibling).and_then(|n| n.parent);
        self.place(parent, new_node);
    }
    fn add_attrs_if_missing(&self, _target: &usize, attrs: Vec<Attribute>) {
        for a in &attrs {
            self.note(&a.value);
        }
    }
    fn remove_from_parent(&self, target: &usize) {
        if let Some(n) = self.nodes.borrow_mut().get_mut(*target) {
            n.parent = None;
        }
    }
    fn reparent_children(&self, _node: &usize, _new_parent: &usize) {}
}

/// Takes the HTML as pulldown-cmark writes it and gives it to the parser piece by
/// piece, checking the bounds after each; once one is exceeded it refuses more.
pub struct Feed<'a> {
    parser: html5ever::driver::Parser<Counting>,
    fed: u64,
    budget: Budget,
    problem: Option<Problem>,
    /// Forbidden characters raw HTML writes, at the offset of its event.
    found: Vec<Problem>,
    /// The offset of the event being written, and whether it is raw HTML.
    at: &'a Cell<(usize, bool)>,
}

impl<'a> Feed<'a> {
    pub fn new(size: usize, at: &'a Cell<(usize, bool)>, budget: Budget) -> Feed<'a> {
        let sink = Counting {
            nodes: RefCell::new(Vec::with_capacity(size / 8 + 16)),
            work: Cell::new(0),
            deepest: Cell::new(0),
            forbidden: Cell::new(None),
        };
        sink.add(QualName::new(None, ns!(), local_name!("")));
        // As the sanitiser reads it: a fragment inside a <div>.
        let parser = html5ever::driver::parse_fragment(
            sink,
            html5ever::driver::ParseOpts::default(),
            QualName::new(None, ns!(html), local_name!("div")),
            vec![],
            false,
        );
        Feed { parser, fed: 0, budget, problem: None, found: Vec::new(), at }
    }

    fn sink(&self) -> &Counting {
        &self.parser.tokenizer.sink.sink
    }

    /// The problems found.
    pub fn problems(self) -> Vec<Problem> {
        let mut out = self.found;
        out.extend(self.problem);
        out
    }
}

impl fmt::Write for Feed<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.problem.is_some() {
            return Err(fmt::Error);
        }
        let mut rest = s;
        while !rest.is_empty() {
            let mut cut = rest.len().min(PIECE);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let (piece, after) = rest.split_at(cut);
            rest = after;
            self.parser.process(StrTendril::from_slice(piece));
            self.fed += piece.len() as u64;
            let (offset, raw) = self.at.get();
            let sink = self.sink();
            let (noted, deepest, work) = (sink.forbidden.take(), sink.deepest.get(), sink.work.get());
            // Only in raw HTML: what Markdown writes is checked on its events.
            if let Some(c) = noted
                && raw
            {
                self.found.push(Problem::Reference(offset, c));
            }
            if deepest > HTML_DEPTH {
                self.problem = Some(Problem::Html(offset));
            } else if work > self.budget.base + self.budget.per_byte * self.fed {
                self.problem = Some(Problem::Costly(offset));
            }
            if self.problem.is_some() {
                return Err(fmt::Error);
            }
        }
        Ok(())
    }
}
