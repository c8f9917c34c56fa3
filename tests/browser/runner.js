// Evaluated in the page (after axe.min.js) by tests/test_html_browser.py over the DevTools
// protocol. Defines publisherAudit(tags): axe-core's violations for those tags, plus what
// axe does not measure: reflow (horizontal overflow), clipping, line length, colours.
window.publisherAudit = async (tags) => {
  const out = {};
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  out.violations = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
  out.passes = result.passes.map((p) => p.id);

  const root = document.documentElement;
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
  const clipped = [];
  const overflowing = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const hides = (v) => v === "hidden" || v === "clip";
    if ((hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
      clipped.push(name(el));
    }
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > root.clientWidth + 1 || box.left < -1) && style.position !== "absolute") {
      overflowing.push(name(el) + " spans " + Math.round(box.left) + ".." + Math.round(box.right));
    }
  }

  // The longest rendered line of the longest paragraph, in characters.
  let longestLine = 0;
  const paragraphs = [...document.querySelectorAll("main p")];
  const longest = paragraphs.sort((a, b) => b.textContent.length - a.textContent.length)[0];
  if (longest) {
    const counts = new Map();
    const range = document.createRange();
    const walker = document.createTreeWalker(longest, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const line = Math.round(range.getBoundingClientRect().top);
        counts.set(line, (counts.get(line) || 0) + 1);
      }
    }
    longestLine = Math.max(...counts.values());
  }

  // Phrases held together (figures, dates, identifiers: span.keep) that a line break splits:
  // the line boxes of a phrase's text, told apart by their tops, must be one.
  const brokenPhrases = [];
  for (const span of document.querySelectorAll(".keep")) {
    const range = document.createRange();
    range.selectNodeContents(span);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (tops.size > 1) brokenPhrases.push(span.textContent);
  }

  const colour = (selector, property) => {
    const el = document.querySelector(selector);
    return el ? getComputedStyle(el)[property] : null;
  };

  const body = getComputedStyle(document.body);
  out.metrics = {
    innerWidth: window.innerWidth,
    clientWidth: root.clientWidth,
    scrollWidth: root.scrollWidth,
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    background: body.backgroundColor,
    color: body.color,
    fontSize: parseFloat(body.fontSize),
    fontFamily: body.fontFamily,
    longestLine,
    clipped,
    overflowing,
    keptPhrases: document.querySelectorAll(".keep").length,
    brokenPhrases,
    tableHead: colour("thead th", "backgroundColor"),
    tableHeadText: colour("thead th", "color"),
    heading: colour("main h2", "color"),
  };
  return out;
};
