export function RunsPage() {
  return <section className="page"><h1>Runs</h1></section>;
}
