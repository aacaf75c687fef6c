export function SchedulesPage() {
  return <section className="page"><h1>Schedules</h1></section>;
}
