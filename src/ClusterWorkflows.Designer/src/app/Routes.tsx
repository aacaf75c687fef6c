import { AuditPage } from "../audit/AuditPage";
import DesignerPage from "../designer/DesignerPage";
import { InventoryPage } from "../inventory/InventoryPage";
import { RunbooksPage } from "../runbooks/RunbooksPage";
import { RunsPage } from "../runs/RunsPage";
import RunMonitorPage from "../monitor/RunMonitorPage";
import { SchedulesPage } from "../schedules/SchedulesPage";
import { match, useLocation } from "./router";

// Pages are in the main bundle: a lazy page would show behind a Suspense fallback, whose reveal
// React holds back for up to 300 ms. Only the YAML editor (Monaco, megabytes) loads on demand.
export function Routes() {
  const { path, params } = useLocation();
  let page;
  let params2: Record<string, string> | undefined;
  if ((params2 = match("/runbooks/:id", path))) page = <DesignerPage key={params2.id} id={params2.id!} version={params.get("version")} />;
  else if ((params2 = match("/runs/:id", path))) page = <RunMonitorPage key={params2.id} id={params2.id!} />;
  else if (path === "/runs") page = <RunsPage />;
  else if (path === "/schedules") page = <SchedulesPage />;
  else if (path === "/inventory") page = <InventoryPage />;
  else if (path === "/audit") page = <AuditPage />;
  else page = <RunbooksPage />;
  return page;
}
