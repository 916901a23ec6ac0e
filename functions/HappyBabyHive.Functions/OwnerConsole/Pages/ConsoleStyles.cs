namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The console's additions to the shared page style (added under the page's CSP nonce): a navigation bar, fill
/// gauges, a register that is a table when printed or wide and stacked cards on a phone, and a clean print view.
/// </summary>
internal static class ConsoleStyles
{
    public const string Stylesheet = """
        .console-bar { background: #fff; border-bottom: 1px solid #e4d8cc; }
        .console-bar .inner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .25rem; max-width: 48rem; margin: 0 auto; padding: .35rem .5rem; }
        .course-list .card, .card { overflow-wrap: anywhere; }
        .console-bar nav ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 0; padding: 0; }
        .console-bar nav a { display: inline-block; min-height: 2.75rem; padding: .55rem .6rem; border-radius: .5rem; font-weight: 600; text-decoration: none; }
        .console-bar nav a[aria-current] { background: var(--accent); text-decoration: underline; }
        .console-bar form { margin: 0; }
        .console-bar button { margin: 0; min-height: 2.75rem; padding: .45rem .7rem; background: #fff; color: var(--primary); }
        main.wide { max-width: 48rem; }
        .flash { border-left: 6px solid #2d6a4f; background: #fff; border-radius: .75rem; padding: .75rem 1rem; margin: 0 0 1rem; }
        .summary-line { margin: .25rem 0; }
        .gauge { margin: .5rem 0 .75rem; }
        .gauge p { margin: 0 0 .2rem; }
        .gauge meter { display: block; width: 100%; height: 1.1rem; }
        .course-list { list-style: none; margin: 0; padding: 0; }
        .course-list h3, .card h3 { margin: 0 0 .25rem; font-size: 1.1rem; }
        .meta { color: #4a3f37; margin: 0 0 .25rem; }
        .tag { display: inline-block; padding: .05rem .55rem; border-radius: 1rem; background: var(--accent); font-weight: 600; font-size: .95rem; }
        .tag.cancelled { background: #a4161a; color: #fff; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 1rem 0; }
        .actions form { margin: 0; }
        .actions .button, .actions button { margin: 0; }
        .button.secondary { background: #fff; color: var(--primary); }
        button.danger, .button.danger { background: #a4161a; border-color: #a4161a; color: #fff; }
        .row { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
        .field input[type=number], .field input[type=time], .field input[type=date] { max-width: 14rem; }
        .field input[type=date] + label + input[type=date] { margin-top: .5rem; }
        .plain-list { margin: .25rem 0 1rem; padding-left: 1.25rem; }
        table.register { width: 100%; border-collapse: collapse; background: #fff; }
        table.register caption { text-align: left; font-weight: 700; margin: 0 0 .5rem; }
        table.register th, table.register td { text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid #e4d8cc; overflow-wrap: anywhere; }
        table.register th { background: var(--accent); }
        @media screen and (max-width: 40rem) {
          table.register thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
          table.register, table.register tbody, table.register tr, table.register td, table.register th[scope=row] { display: block; width: 100%; }
          table.register tr { border: 1px solid #e4d8cc; border-radius: .75rem; margin: 0 0 .75rem; padding: .25rem .5rem; }
          table.register td, table.register th[scope=row] { border: 0; padding: .2rem 0; background: none; }
          table.register td::before { content: attr(data-label) ": "; font-weight: 600; }
        }
        @media print {
          .console-bar, .no-print, .actions, .flash { display: none !important; }
          body { background: #fff; color: #000; font-size: 11pt; }
          main, main.wide { max-width: none; padding: 0; }
          h1 { color: #000; }
          a { color: #000; text-decoration: none; }
          table.register th { background: #eee; }
          table.register tr { break-inside: avoid; }
        }
        """;
}
