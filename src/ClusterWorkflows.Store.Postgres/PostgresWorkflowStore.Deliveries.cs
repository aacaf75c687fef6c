namespace ClusterWorkflows.Store.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // A concurrent insert of the same key waits for the first one's commit, then inserts nothing: one node wins.
    private const string InsertDelivery =
        "INSERT INTO webhook_deliveries (key, received_at) VALUES (@key, @received_at) ON CONFLICT (key) DO NOTHING";

    private const string PruneDeliveries = "DELETE FROM webhook_deliveries WHERE received_at < @before";

    public async Task<bool> TryRecordDeliveryAsync(string key, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await ExecuteAsync(
            InsertDelivery,
            p =>
            {
                p.Text("key", key);
                p.Time("received_at", receivedAt);
            },
            cancellationToken) == 1;
    }

    public Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        ExecuteAsync(PruneDeliveries, p => p.Time("before", before), cancellationToken);
}
