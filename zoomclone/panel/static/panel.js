// The zoomclone panel: plain DOM and fetch, nothing loaded from elsewhere.
"use strict";

const token = document.querySelector('meta[name="zoomclone-token"]').content;
const $ = (id) => document.getElementById(id);
const STATUS_EVERY_MS = 1000;
const GALLERY_EVERY_MS = 5000;
const EDGE_MAX_PX = 5; // the edge offset's range is -5..+5
const NO_OVERLAY = "No overlay to show: start zoomclone with --overlay PICTURE or --name-tag TEXT";
let state = null;
let gallerySignature = "";
let toastTimer = 0;

function withToken(path) {
  return path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token);
}

async function api(path, options = {}) {
  const headers = Object.assign({ "X-Zoomclone-Token": token }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers, cache: "no-store" }));
  let body = {};
  try { body = await response.json(); } catch (err) { body = {}; }
  if (!response.ok || body.ok === false) {
    throw new Error(body.error || response.status + " " + response.statusText);
  }
  return body;
}

function toast(text, isError = false) {
  const box = $("toast");
  box.textContent = text;
  box.classList.toggle("error", isError);
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, isError ? 6000 : 2500);
}

async function send(...words) {
  try {
    const reply = await api("/api/command", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ command: words }),
    });
    if (reply.status) showStatus(reply.status);
    return reply.status || null;
  } catch (err) {
    toast(err.message, true);
    return null;
  }
}

async function toggleOverlay() {
  const before = Boolean(state && state.overlay);
  const after = await send("overlay");
  if (after && !before && !after.overlay) toast(NO_OVERLAY, true);
}

// ---- status -------------------------------------------------------------------------------

function setStat(id, text, level, detail = "") {
  const cell = $(id);
  cell.textContent = text;
  cell.className = level || "";
  if (detail) {
    const small = document.createElement("span");
    small.className = "detail";
    small.textContent = detail;
    cell.append(small);
  }
}

function showStatus(s) {
  state = Object.assign(state || {}, s);
  s = state;
  const down = s.camera !== "ok";
  const head = $("headline");
  head.textContent = down ? "Camera reconnecting…" : "Live";
  head.className = "headline " + (down ? "down" : "live");
  $("on-air").textContent = s.background;
  $("effect").setAttribute("aria-checked", String(s.effect));
  $("mirror").setAttribute("aria-checked", String(s.mirror));
  for (const id of ["framing", "light", "overlay"]) {
    if (s[id] !== undefined) $(id).setAttribute("aria-checked", String(s[id]));
  }
  if (s.touch_up !== undefined) $("touchup").setAttribute("aria-checked", String(s.touch_up > 0));
  if (s.edge_offset !== undefined) showEdge(s.edge_offset);
  const blur = s.blur_strength == null ? "off" : String(s.blur_strength);
  for (const b of document.querySelectorAll("[data-blur]")) {
    b.setAttribute("aria-checked", String(b.dataset.blur === blur));
    b.tabIndex = b.dataset.blur === blur ? 0 : -1;
  }
  if (s.fps !== undefined) setStat("s-fps", s.fps.toFixed(1) + " fps", s.fps >= 24 ? "good" : "warn");
  if (s.cpu_cores !== undefined) setStat("s-cpu", s.cpu_cores.toFixed(2) + " cores");
  if (s.latency_p95_ms !== undefined) setStat("s-latency", Math.round(s.latency_p95_ms) + " ms", s.latency_p95_ms <= 100 ? "good" : "warn");
  if (s.mask_age_frames !== undefined) setStat("s-mask", s.mask_age_frames + (s.mask_age_frames === 1 ? " frame" : " frames"));
  setStat("s-camera", down ? "reconnecting" : "ok", down ? "bad" : "good");
  if (s.degraded !== undefined) {
    const full = s.degraded.length === 0;
    setStat("s-quality", full ? "full" : "reduced", full ? "good" : "warn", s.degraded.join(", "));
  }
  markCurrent();
}

function showEdge(px) {
  $("edge-value").textContent = (px > 0 ? "+" : px < 0 ? "−" : "") + Math.abs(px) + " px";
  // aria-disabled, not disabled: the button keeps the focus at the end of the range
  $("edge-shrink").setAttribute("aria-disabled", String(px <= -EDGE_MAX_PX));
  $("edge-grow").setAttribute("aria-disabled", String(px >= EDGE_MAX_PX));
}

async function refreshStatus() {
  try {
    showStatus(await api("/api/status"));
  } catch (err) {
    const head = $("headline");
    head.textContent = "zoomclone is not answering (" + err.message + ")";
    head.className = "headline down";
  }
}

// ---- gallery ------------------------------------------------------------------------------

function markCurrent() {
  if (!state) return;
  for (const tile of document.querySelectorAll(".tile")) {
    tile.setAttribute("aria-pressed", String(tile.dataset.name === state.background));
  }
}

function tileFor(item) {
  const li = document.createElement("li");
  const tile = document.createElement("button");
  tile.type = "button";
  tile.className = "tile";
  tile.dataset.name = item.name;
  tile.setAttribute("aria-pressed", String(item.current));
  tile.title = item.name;
  const img = document.createElement("img");
  img.alt = "";
  img.loading = "lazy";
  img.src = withToken("/api/thumb?name=" + encodeURIComponent(item.name));
  const label = document.createElement("span");
  label.className = "label";
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = item.name;
  const kind = document.createElement("span");
  kind.className = "kind";
  kind.textContent = item.kind === "picture" ? "" : item.kind;
  label.append(name, kind);
  tile.append(img, label);
  tile.addEventListener("click", () => send("background", item.name));
  li.append(tile);
  if (item.deletable) {
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.textContent = "×";
    remove.setAttribute("aria-label", "Remove " + item.name);
    remove.title = "Remove " + item.name;
    remove.addEventListener("click", () => removeBackground(item.name));
    li.append(remove);
  }
  return li;
}

async function refreshGallery() {
  let body;
  try {
    body = await api("/api/backgrounds");
  } catch (err) {
    return;
  }
  $("user-folder").textContent = body.user_folder;
  const signature = body.backgrounds.map((b) => b.name + "|" + b.deletable).join("\n");
  if (signature === gallerySignature) return;
  gallerySignature = signature;
  $("gallery").replaceChildren(...body.backgrounds.map(tileFor));
  markCurrent();
}

async function removeBackground(name) {
  try {
    await api("/api/backgrounds/" + encodeURIComponent(name), { method: "DELETE" });
    toast("Removed " + name);
  } catch (err) {
    toast(err.message, true);
  }
  await refreshGallery();
  await refreshStatus();
}

// ---- adding backgrounds -------------------------------------------------------------------

async function upload(file) {
  try {
    const reply = await api("/api/backgrounds", {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "X-Filename": encodeURIComponent(file.name) },
      body: file,
    });
    toast(reply.in_cycle ? "Added " + reply.name
      : "Saved " + reply.name + ": add `library` to your backgrounds to use it");
  } catch (err) {
    toast(file.name + ": " + err.message, true);
  }
}

async function uploadAll(files) {
  for (const file of files) await upload(file);
  await refreshGallery();
  await refreshStatus();
}

function setUpDrop() {
  const drop = $("drop");
  const input = $("file");
  drop.addEventListener("click", () => input.click());
  drop.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      input.click();
    }
  });
  input.addEventListener("change", () => {
    uploadAll([...input.files]);
    input.value = "";
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add("over"); });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    uploadAll([...event.dataTransfer.files]);
  });
  // a file dropped anywhere else must not make the browser leave the panel to show it
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
}

// ---- checks, preview, keys ----------------------------------------------------------------

async function refreshChecks() {
  let body;
  try {
    body = await api("/api/checks");
  } catch (err) {
    return;
  }
  const items = body.checks.map((check) => {
    const li = document.createElement("li");
    li.className = check.status;
    const mark = document.createElement("span");
    mark.className = "mark";
    mark.textContent = check.status === "ok" ? "✓" : check.status === "warn" ? "!" : "✗";
    li.append(mark, check.name + ": " + check.detail);
    if (check.fix.length) {
      const fix = document.createElement("pre");
      fix.textContent = check.fix.join("\n");
      li.append(fix);
    }
    return li;
  });
  $("checks").replaceChildren(...items);
}

function setUpPreview() {
  const img = $("preview");
  const note = $("preview-note");
  const watch = () => {
    if (document.hidden) {
      img.removeAttribute("src"); // a hidden tab costs zoomclone nothing
      note.hidden = false;
    } else {
      img.src = withToken("/api/preview");
      note.hidden = true;
    }
  };
  document.addEventListener("visibilitychange", watch);
  watch();
}

const KEYS = {
  n: ["next"], ArrowRight: ["next"], p: ["prev"], ArrowLeft: ["prev"],
  b: ["blur"], e: ["toggle"], m: ["mirror"],
  f: ["framing"], l: ["light"], t: ["touchup"], "[": ["edge", "shrink"], "]": ["edge", "grow"],
};

function setUpKeys() {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input")) return;
    if (event.key === "o") {
      event.preventDefault();
      toggleOverlay();
      return;
    }
    const words = KEYS[event.key];
    if (!words) return;
    event.preventDefault();
    send(...words);
  });
}

function setUpControls() {
  $("effect").addEventListener("click", () => send("toggle"));
  $("mirror").addEventListener("click", () => send("mirror"));
  $("framing").addEventListener("click", () => send("framing"));
  $("light").addEventListener("click", () => send("light"));
  $("touchup").addEventListener("click", () => send("touchup"));
  $("overlay").addEventListener("click", toggleOverlay);
  $("edge-shrink").addEventListener("click", () => send("edge", "shrink"));
  $("edge-grow").addEventListener("click", () => send("edge", "grow"));
  $("next").addEventListener("click", () => send("next"));
  $("prev").addEventListener("click", () => send("prev"));
  const radios = [...document.querySelectorAll("[data-blur]")];
  for (const radio of radios) {
    radio.addEventListener("click", () => send("blur", radio.dataset.blur));
    radio.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      event.stopPropagation();
      const next = radios[(radios.indexOf(radio) + step + radios.length) % radios.length];
      next.focus();
      send("blur", next.dataset.blur);
    });
  }
}

setUpControls();
setUpDrop();
setUpKeys();
setUpPreview();
refreshStatus();
refreshGallery();
refreshChecks();
setInterval(refreshStatus, STATUS_EVERY_MS);
setInterval(refreshGallery, GALLERY_EVERY_MS);
