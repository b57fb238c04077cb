// The projector's optional sound when the agenda's time runs out: a button turns it on
// (a click lets the browser play audio at all), the choice is remembered on this screen.
const KEY = "aihio.chime";

/** `button` toggles the sound (aria-pressed); `t` holds chime_on and chime_off. */
export function createChime({ button, t }) {
  if (!button) return { play() {} };
  let context = null;
  let on = false;
  try {
    on = window.localStorage.getItem(KEY) === "on";
  } catch {
    on = false;
  }

  function show() {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? t.chime_on : t.chime_off;
  }

  button.addEventListener("click", () => {
    on = !on;
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch {
      /* a private window: the choice lasts as long as the page */
    }
    if (on) context = context || new AudioContext();
    show();
  });
  show();

  /** Three soft tones, if the sound is on and the browser lets us play it. */
  function play() {
    if (!on) return;
    context = context || new AudioContext();
    const start = context.currentTime + 0.05;
    [660, 880, 660].forEach((frequency, n) => {
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + n * 0.35);
      gain.gain.exponentialRampToValueAtTime(0.3, start + n * 0.35 + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + n * 0.35 + 0.3);
      tone.connect(gain).connect(context.destination);
      tone.start(start + n * 0.35);
      tone.stop(start + n * 0.35 + 0.32);
    });
  }

  return { play };
}
