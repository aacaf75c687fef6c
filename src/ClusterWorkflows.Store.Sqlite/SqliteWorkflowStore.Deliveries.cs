namespace ClusterWorkflows.Store.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string InsertDelivery =
        "INSERT INTO webhook_deliveries (key, received_at) VALUES ($key, $received_at) ON CONFLICT (key) DO NOTHING;";

    private const string PruneDeliveries = "DELETE FROM webhook_deliveries WHERE received_at < $before;";

    public Task<bool> TryRecordDeliveryAsync(string key, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return writer.TransactAsync(
            w =>
            {
                var insert = w.Command(InsertDelivery);
                insert.Set("$key", key);
                insert.Set("$received_at", SqliteValues.ToMicros(receivedAt));
                return insert.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        writer.TransactAsync(
            w =>
            {
                var delete = w.Command(PruneDeliveries);
                delete.Set("$before", SqliteValues.ToMicros(before));
                return delete.ExecuteNonQuery();
            },
            cancellationToken);
}
