import { lazy, Suspense } from "react";
import { AuditPage } from "../audit/AuditPage";
import { InventoryPage } from "../inventory/InventoryPage";
import { RunbooksPage } from "../runbooks/RunbooksPage";
import { RunsPage } from "../runs/RunsPage";
import { SchedulesPage } from "../schedules/SchedulesPage";
import { match, useLocation } from "./router";

// The designer and the monitor carry the graph (and the designer the YAML editor): loaded on demand.
const DesignerPage = lazy(() => import("../designer/DesignerPage"));
const RunMonitorPage = lazy(() => import("../monitor/RunMonitorPage"));

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
  return <Suspense fallback={<p className="loading">Loading…</p>}>{page}</Suspense>;
}
