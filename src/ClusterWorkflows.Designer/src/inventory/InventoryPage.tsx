export function InventoryPage() {
  return <section className="page"><h1>Inventory</h1></section>;
}
