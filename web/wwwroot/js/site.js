// Progressive enhancement only: every page works without this file.
(() => {
  "use strict";
  const format = new Intl.NumberFormat("en-US");

  // Live counters over server-sent events: <… data-live-count data-stream="/api/…/stream" data-field="total">.
  function live(element) {
    const url = element.dataset.stream || "/api/pledges/stream";
    const field = element.dataset.field || "total";
    const total = element.querySelector("[data-total]");
    const noun = element.querySelector("[data-noun]");
    const progress = element.querySelector("[data-progress]");
    const source = new EventSource(url);
    source.addEventListener("count", (event) => {
      const value = JSON.parse(event.data)[field];
      if (typeof value !== "number") return;
      if (total) total.textContent = format.format(value);
      if (noun) noun.textContent = value === 1 ? noun.dataset.one : noun.dataset.other;
      if (progress) progress.value = value;
      element.dataset.value = String(value);
    });
  }

  // The personal referral count on the "tell your friends" page, refreshed while the page is open.
  function referrals(element) {
    const code = element.dataset.referralCode;
    const refresh = async () => {
      try {
        const response = await fetch("/api/engagement/referrals/" + encodeURIComponent(code));
        if (response.ok) element.textContent = format.format((await response.json()).confirmedReferrals);
      } catch { /* keep the last number */ }
    };
    setInterval(refresh, 15000);
  }

  // Copy buttons for share links.
  function copy(button) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = "Copied";
    });
  }

  // The phone's own share sheet, where the browser has one (the plain links stay for everyone else).
  function share(button) {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.share({ title: document.title, text: button.dataset.shareText, url: button.dataset.share });
      } catch { /* dismissed */ }
    });
  }

  // Forms say they are working and cannot be sent twice by a double click.
  // A button with data-confirm asks first (staff console: removing someone, erasing a supporter).
  function busy(form) {
    form.addEventListener("submit", (event) => {
      const button = event.submitter || form.querySelector("button[type=submit]");
      if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
        event.preventDefault();
        return;
      }
      if (button) { button.disabled = true; button.textContent = button.dataset.busy || "Sending…"; }
    });
  }

  // Moderation queues from the keyboard: j and k move between items, and a key named by an item's control
  // (data-key: a approve, h hide or reject, d delete) presses that button or goes to that field. Only while focus
  // is in a queue (tab to an item's first button), so a stray key elsewhere does nothing (WCAG 2.1.4).
  function queueKeys(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
    const items = Array.from(document.querySelectorAll("[data-queue] > li"));
    const current = items.findIndex((item) => item.contains(document.activeElement));
    if (current < 0) return;
    if (event.key === "j" || event.key === "k") {
      const next = event.key === "j" ? Math.min(current + 1, items.length - 1) : Math.max(current - 1, 0);
      items[next].focus();
      items[next].scrollIntoView({ block: "nearest" });
      event.preventDefault();
      return;
    }
    const control = items[current].querySelector(`[data-key="${event.key}"]`);
    if (!control) return;
    event.preventDefault();
    if (control.tagName === "BUTTON") control.click(); else control.focus();
  }

  // The post editor's preview, as you type: the server renders it with the site's own Markdown and sanitizer.
  function livePreview(textarea) {
    const target = document.getElementById(textarea.dataset.livePreview);
    if (!target) return;
    let timer;
    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        try {
          const response = await fetch(textarea.dataset.previewUrl, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ Body: textarea.value }),
          });
          if (response.ok) target.innerHTML = await response.text();
        } catch { /* the Preview button still works */ }
      }, 400);
    });
  }

  // The supporter import: the file goes up as the request's body and the bar follows it (Pledge reads rows as they
  // arrive, and every hop holds back while the next is busy, so bytes sent are rows taken); the page that answers
  // (the summary, or the rows refused) replaces this one's content.
  function upload(form) {
    const input = form.querySelector("input[type=file]");
    const panel = form.querySelector(".upload-progress");
    if (!input || !panel) return;
    const bar = panel.querySelector("progress");
    const text = panel.querySelector("[data-progress-text]");
    const megabytes = (bytes) => (bytes / 1048576).toFixed(1);
    const button = form.querySelector("button[type=submit]");
    const failed = (message) => {
      text.textContent = message;
      if (button) { button.disabled = false; button.textContent = "Import"; }
    };
    form.addEventListener("submit", (event) => {
      const file = input.files[0];
      if (!file || event.defaultPrevented) return; // without a file, the form's own answer says what is missing
      event.preventDefault();
      panel.hidden = false;
      if (file.size > 1073741824) {
        failed("The file is larger than 1 GiB; split it and import the parts.");
        return;
      }
      const request = new XMLHttpRequest();
      request.open("POST", form.dataset.upload);
      request.setRequestHeader("Content-Type", "text/csv");
      request.upload.addEventListener("progress", (progress) => {
        if (!progress.lengthComputable) return;
        bar.value = Math.floor((progress.loaded * 100) / progress.total);
        text.textContent = `${bar.value}% sent (${megabytes(progress.loaded)} of ${megabytes(progress.total)} MB)`;
      });
      request.upload.addEventListener("load", () => {
        bar.value = 100;
        text.textContent = "All sent; Pledge is adding the supporters…";
      });
      request.addEventListener("load", () => {
        const html = (request.getResponseHeader("Content-Type") || "").startsWith("text/html");
        const answer = html ? new DOMParser().parseFromString(request.responseText, "text/html").querySelector("main") : null;
        const main = document.querySelector("main");
        if (!answer || !main) {
          failed(request.status === 429 ? "Too many requests from here; wait a minute and try again."
            : `The import was refused (${request.status}); nothing was imported.`);
          return;
        }
        main.replaceWith(answer);
        bind(answer);
        const outcome = answer.querySelector("[role=status], [role=alert]") || answer.querySelector("h1");
        outcome.setAttribute("tabindex", "-1");
        outcome.focus();
      });
      request.addEventListener("error", () => failed("The upload broke off before Pledge answered; check the total on the overview before trying again."));
      request.send(file);
    });
  }

  function bind(root) {
    root.querySelectorAll("textarea[data-live-preview]").forEach(livePreview);
    root.querySelectorAll("[data-live-count]").forEach(live);
    root.querySelectorAll("[data-referral-code]").forEach(referrals);
    root.querySelectorAll("button[data-copy]").forEach(copy);
    root.querySelectorAll("button[data-share]").forEach(share);
    root.querySelectorAll("form[method=post]").forEach(busy);
    root.querySelectorAll("form[data-upload]").forEach(upload);
  }

  document.addEventListener("DOMContentLoaded", () => {
    bind(document);
    if (document.querySelector("[data-queue]")) document.addEventListener("keydown", queueKeys);
    // Installable, and pages already visited open offline (wwwroot/sw.js).
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => { /* the site works without it */ });
  });
})();
