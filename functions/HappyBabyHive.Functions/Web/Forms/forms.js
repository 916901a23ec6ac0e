// Happy Baby Hive forms: progressive enhancement for the plain HTML forms the server renders.
// Without this file every form still works as a normal form post. With it, any form marked data-enhance posts JSON to
// its data-api with the form's idempotency key (when it has one), the button is disabled while sending, problem-details
// errors appear beside their fields and in the summary (which takes focus), the result card appears without a reload,
// and the page tells a parent page (when embedded in an iframe) how tall it is: { type: "happybabyhive:height", height: <px> }.
// Everything form-specific (messages, result headings, which slots to fill) comes from the markup's data attributes.
(function () {
  'use strict';

  function reportHeight() {
    if (window.parent === window) { return; }
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: 'happybabyhive:height', height: height }, '*');
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID().replace(/-/g, ''); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function fieldContainer(form, name) {
    return form.querySelector('[data-field="' + name + '"]');
  }

  function clearErrors(form, summary) {
    Array.prototype.forEach.call(form.querySelectorAll('[data-field]'), function (container) {
      var name = container.getAttribute('data-field');
      container.classList.remove('invalid');
      var slot = document.getElementById(name + '-error');
      if (slot) { slot.hidden = true; slot.querySelector('[data-error-text]').textContent = ''; }
      var hint = container.getAttribute('data-hint-id');
      var target = container.tagName === 'FIELDSET' ? container : form.elements[name];
      var controls = container.querySelectorAll('input, textarea, select');
      Array.prototype.forEach.call(controls, function (control) { control.removeAttribute('aria-invalid'); });
      if (target && target.setAttribute) {
        if (hint) { target.setAttribute('aria-describedby', hint); } else { target.removeAttribute('aria-describedby'); }
      }
    });
    summary.hidden = true;
    summary.querySelector('[data-summary-list]').textContent = '';
    var message = summary.querySelector('[data-summary-message]');
    message.hidden = true;
    message.textContent = '';
  }

  function showErrors(form, summary, errors, generalMessage) {
    clearErrors(form, summary);
    var list = summary.querySelector('[data-summary-list]');
    var order = Array.prototype.map.call(form.querySelectorAll('[data-field]'), function (c) { return c.getAttribute('data-field'); });
    var names = Object.keys(errors || {}).sort(function (a, b) {
      var ia = order.indexOf(a); var ib = order.indexOf(b);
      return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib);
    });
    names.forEach(function (name) {
      var messages = [].concat(errors[name]).join(' ');
      var container = fieldContainer(form, name);
      var firstControl = container ? container.querySelector('input, textarea, select') : null;
      if (container) {
        container.classList.add('invalid');
        // A course list collapsed by kind (or behind "Choose a different course") opens, so the choice can be changed
        // and the summary's link lands on a visible radio.
        Array.prototype.forEach.call(container.querySelectorAll('details'), function (details) { details.open = true; });
        var slot = document.getElementById(name + '-error');
        slot.querySelector('[data-error-text]').textContent = messages;
        slot.hidden = false;
        var hint = container.getAttribute('data-hint-id');
        var described = (hint ? hint + ' ' : '') + name + '-error';
        if (container.tagName === 'FIELDSET') {
          container.setAttribute('aria-describedby', described);
        } else if (firstControl) {
          firstControl.setAttribute('aria-describedby', described);
        }
        Array.prototype.forEach.call(container.querySelectorAll('input, textarea, select'), function (control) {
          control.setAttribute('aria-invalid', 'true');
        });
      }
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = '#' + (firstControl ? firstControl.id : 'main');
      link.textContent = messages;
      item.appendChild(link);
      list.appendChild(item);
    });
    if (generalMessage) {
      var message = summary.querySelector('[data-summary-message]');
      message.textContent = generalMessage;
      message.hidden = false;
    }
    summary.hidden = false;
    if (document.title.indexOf('Error: ') !== 0) { document.title = 'Error: ' + document.title; }
    summary.focus();
    reportHeight();
  }

  // Fills the result card: each [data-slot] takes the chosen card's [data-choice] of the same name (the course in the
  // words the parent saw), else the API's JSON property (data-json, or the slot's own name). The heading comes from
  // data-title-<status> or data-title; [data-show-if-status] / [data-hide-if-status] follow the API's status.
  function showResult(form, summary, json) {
    var section = document.getElementById('confirmation');
    var status = json.status || '';
    var heading = section.getAttribute('data-title-' + status) || section.getAttribute('data-title');
    var cards = Array.prototype.map.call(form.querySelectorAll('input[type="radio"]:checked'), function (radio) {
      return radio.closest('label');
    }).filter(Boolean);
    function fromChoice(name) {
      for (var i = 0; i < cards.length; i++) {
        var el = cards[i].querySelector('[data-choice="' + name + '"]');
        if (el) { return el.textContent; }
      }
      return '';
    }
    Array.prototype.forEach.call(section.querySelectorAll('[data-slot]'), function (el) {
      var name = el.getAttribute('data-slot');
      el.textContent = fromChoice(name) || json[el.getAttribute('data-json') || name] || '';
    });
    Array.prototype.forEach.call(section.querySelectorAll('[data-show-if-status]'), function (el) {
      el.hidden = el.getAttribute('data-show-if-status') !== status;
    });
    Array.prototype.forEach.call(section.querySelectorAll('[data-hide-if-status]'), function (el) {
      el.hidden = el.getAttribute('data-hide-if-status') === status;
    });
    var h1 = document.querySelector('h1');
    if (h1 && heading) { h1.textContent = heading; }
    if (heading) { document.title = document.title.replace(/^(Error: )?[^|]*/, heading + ' '); }
    summary.hidden = true;
    form.hidden = true;
    section.hidden = false;
    section.focus();
    reportHeight();
  }

  function body(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === 'idempotencyKey' || el.name === 'formToken' || el.disabled) { return; }
      if (el.type === 'checkbox') { data[el.name] = el.checked; return; }
      if (el.type === 'radio') { if (el.checked) { data[el.name] = el.value; } return; }
      if (el.tagName === 'BUTTON') { return; }
      data[el.name] = el.value;
    });
    return data;
  }

  // The booking form's "How would you like to pay?" group: shown only while the chosen course allows paying by bank
  // transfer or cash (data-pay-another-way on its radio); hidden, it is set back to card so a hidden choice is never sent.
  function paymentChoice(form) {
    var group = form.querySelector('[data-payment-choice]');
    if (!group) { return; }
    function update() {
      var chosen = form.querySelector('input[name="courseId"]:checked');
      var allowed = !!(chosen && chosen.hasAttribute('data-pay-another-way'));
      var invalid = !!group.querySelector('[aria-invalid="true"]');
      group.hidden = !allowed && !invalid;
      if (group.hidden) {
        var card = group.querySelector('input[type="radio"][value="card"]');
        if (card) { card.checked = true; }
      }
    }
    form.addEventListener('change', function (event) {
      if (event.target.name === 'courseId') { update(); }
    });
    update();
  }

  function enhance(form) {
    paymentChoice(form);
    var summary = document.getElementById('error-summary');
    var button = form.querySelector('button[type="submit"]');
    var status = form.querySelector('[data-status]');
    var buttonText = button.textContent;
    var sending = false;
    var api = new URL(form.getAttribute('data-api'), window.location.href).toString();

    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (target) { event.preventDefault(); target.focus(); }
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (sending) { return; }
      sending = true;
      button.disabled = true;
      button.textContent = button.getAttribute('data-sending-text') || 'Sending…';
      status.textContent = 'Sending your details…';
      var keyField = form.elements.idempotencyKey;
      var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
      if (keyField) { headers['Idempotency-Key'] = keyField.value; }
      // The page's one-use form token goes in a header; every answer carries the next one (docs/abuse-resistance.md).
      var tokenField = form.elements.formToken;
      if (tokenField) { headers['Form-Token'] = tokenField.value; }

      fetch(api, {
        method: 'POST',
        credentials: 'same-origin',
        headers: headers,
        body: JSON.stringify(body(form))
      }).then(function (response) {
        var nextToken = response.headers.get('Form-Token');
        if (tokenField && nextToken) { tokenField.value = nextToken; }
        return response.json().catch(function () { return {}; }).then(function (json) {
          handle(form, summary, keyField, response.status, json);
        });
      }).catch(function () {
        showErrors(form, summary, {}, form.getAttribute('data-offline-message'));
      }).then(function () {
        sending = false;
        button.disabled = false;
        button.textContent = buttonText;
        status.textContent = '';
      });
    });
  }

  // Maps the API's answer (problem details on failure) to the same views the server renders after a plain post.
  function handle(form, summary, keyField, code, json) {
    // A paid place, held while the parent pays: on to Stripe Checkout, in the whole window (Checkout can't be framed).
    if ((code === 200 || code === 201) && typeof json.checkoutUrl === 'string' && /^https?:\/\//.test(json.checkoutUrl)) {
      try {
        window.top.location.href = json.checkoutUrl;
      } catch (e) {
        window.location.href = json.checkoutUrl;
      }
      return;
    }
    if (code === 200 || code === 201 || code === 202) {
      showResult(form, summary, json.message ? json : { message: 'Thank you. We\'ve received your form.' });
      return;
    }
    if (code === 422 && json.errors) { showErrors(form, summary, json.errors, null); return; }
    var courseGone = form.getAttribute('data-course-gone-message');
    if (courseGone && (code === 404 || code === 409)) {
      showErrors(form, summary, { courseId: [code === 404 ? courseGone : (json.detail || json.title)] }, null);
      return;
    }
    if (keyField && json.type && /idempotency-key-reused$/.test(json.type)) {
      keyField.value = newKey();
      showErrors(form, summary, {}, form.getAttribute('data-reused-message'));
      return;
    }
    showErrors(form, summary, {}, [json.title, json.detail].filter(Boolean).join(' ') || 'Something went wrong. Please try again.');
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-enhance]'), enhance);
    var summary = document.getElementById('error-summary');
    if (summary && !summary.hidden && document.activeElement !== summary) { summary.focus(); }
    reportHeight();
    if (window.ResizeObserver) { new ResizeObserver(reportHeight).observe(document.documentElement); }
    window.addEventListener('load', reportHeight);
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
