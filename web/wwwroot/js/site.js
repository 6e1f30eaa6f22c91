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

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("textarea[data-live-preview]").forEach(livePreview);
    document.querySelectorAll("[data-live-count]").forEach(live);
    document.querySelectorAll("[data-referral-code]").forEach(referrals);
    document.querySelectorAll("button[data-copy]").forEach(copy);
    document.querySelectorAll("button[data-share]").forEach(share);
    document.querySelectorAll("form[method=post]").forEach(busy);
    // Installable, and pages already visited open offline (wwwroot/sw.js).
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => { /* the site works without it */ });
  });
})();
