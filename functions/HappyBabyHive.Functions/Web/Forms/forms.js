// Happy Baby Hive forms: progressive enhancement for the plain HTML forms the server renders.
// Without this file every form still works as a normal form post. With it: the form posts JSON to the API with the
// form's idempotency key, the button is disabled while sending, problem-details errors appear beside their fields and
// in the summary (which takes focus), the confirmation appears without a reload, and the page tells a parent page
// (when embedded in an iframe) how tall it is: { type: "happybabyhive:height", height: <px> }.
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

  function showConfirmation(form, summary, booking) {
    var section = document.getElementById('confirmation');
    var waitlisted = booking.status === 'waitlisted';
    var heading = waitlisted ? "You're on the waitlist" : "You're booked";
    var checked = form.querySelector('input[name="courseId"]:checked');
    var card = checked ? checked.closest('label') : null;
    function fromCard(selector) { var el = card && card.querySelector(selector); return el ? el.textContent : ''; }
    var values = {
      heading: heading,
      message: booking.message || '',
      reference: booking.reference || '',
      course: fromCard('.course-title') || booking.courseTitle || '',
      when: fromCard('[data-when]'),
      venue: fromCard('[data-venue]')
    };
    Object.keys(values).forEach(function (slot) {
      var el = section.querySelector('[data-slot="' + slot + '"]');
      if (el) { el.textContent = values[slot]; }
    });
    Array.prototype.forEach.call(section.querySelectorAll('[data-waitlisted]'), function (el) {
      el.hidden = (el.getAttribute('data-waitlisted') === 'true') !== waitlisted;
    });
    var h1 = document.querySelector('h1');
    if (h1) { h1.textContent = heading; }
    document.title = document.title.replace(/^(Error: )?[^|]*/, heading + ' ');
    summary.hidden = true;
    form.hidden = true;
    section.hidden = false;
    section.focus();
    reportHeight();
  }

  function body(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === 'idempotencyKey' || el.disabled) { return; }
      if (el.type === 'checkbox') { data[el.name] = el.checked; return; }
      if (el.type === 'radio') { if (el.checked) { data[el.name] = el.value; } return; }
      if (el.tagName === 'BUTTON') { return; }
      data[el.name] = el.value;
    });
    return data;
  }

  function enhance(form) {
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

      fetch(api, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'Idempotency-Key': keyField.value },
        body: JSON.stringify(body(form))
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (response.status === 200 || response.status === 201) { showConfirmation(form, summary, json); return; }
          if (response.status === 202) { showConfirmation(form, summary, { message: 'Thank you. We\'ve received your form.' }); return; }
          if (response.status === 422 && json.errors) { showErrors(form, summary, json.errors, null); return; }
          if (response.status === 404 || response.status === 409) {
            showErrors(form, summary, { courseId: [response.status === 404 ? "That course isn't available any more. Please choose another." : (json.detail || json.title)] }, null);
            return;
          }
          if (json.type && /idempotency-key-reused$/.test(json.type)) {
            keyField.value = newKey();
            showErrors(form, summary, {}, "You've already made a booking with this form. If you'd like to make another booking with these details, check them and press Book my place again.");
            return;
          }
          showErrors(form, summary, {}, [json.title, json.detail].filter(Boolean).join(' ') || 'Something went wrong. Please try again.');
        });
      }).catch(function () {
        showErrors(form, summary, {}, "We couldn't send your details. Please check your connection and try again; you won't be booked twice.");
      }).then(function () {
        sending = false;
        button.disabled = false;
        button.textContent = buttonText;
        status.textContent = '';
      });
    });
  }

  function start() {
    var form = document.querySelector('form[data-enhance]');
    if (form) { enhance(form); }
    var summary = document.getElementById('error-summary');
    if (summary && !summary.hidden && document.activeElement !== summary) { summary.focus(); }
    reportHeight();
    if (window.ResizeObserver) { new ResizeObserver(reportHeight).observe(document.documentElement); }
    window.addEventListener('load', reportHeight);
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
