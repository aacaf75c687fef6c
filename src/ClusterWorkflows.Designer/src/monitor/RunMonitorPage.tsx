export default function RunMonitorPage({ id }: { id: string }) {
  return <section className="page"><h1>Run {id}</h1></section>;
}
