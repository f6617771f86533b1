using Tidings.PubSub.Consumers;
using Tidings.PubSub.Subscriptions;
using Tidings.PubSub.Tests.Support;

namespace Tidings.PubSub.Tests.Ordering;

/// <summary>
/// Random publishes, leases by several streams and unary pulls, acks, nacks and streams going away, checked at
/// every delivery against a model of Google's ordering rules: a key's next delivery is the one after its last
/// delivery still in flight (or after its acked prefix), no other live consumer holds the key meanwhile, a
/// one-message consumer gets a key only when nothing of it is in flight, and in the end every message is acked.
/// </summary>
public sealed class OrderedDeliveryModelTests : IDisposable
{
    private const int Keys = 12;
    private readonly BrokerHarness _harness = new();
    private readonly Subscription _subscription;
    private readonly Dictionary<string, KeyModel> _keys = [];
    private readonly List<MessageConsumer> _streams = [];
    private readonly HashSet<MessageConsumer> _gone = [];
    private readonly List<LeasedMessage> _unkeyed = [];
    private int _published;
    /// <summary>What happened, for the failure message.</summary>
    private readonly System.Text.StringBuilder _trace = new();

    public OrderedDeliveryModelTests()
    {
        _harness.CreateTopic("orders");
        _subscription = _harness.CreateOrderedSubscription("sub", "orders", ackDeadlineSeconds: 10);
    }

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomTraffic_EveryDeliveryKeepsTheOrderingRules(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3; i++)
        {
            _streams.Add(_subscription.AddStream());
        }
        for (var step = 0; step < 3000; step++)
        {
            if (random.Next(100) == 0)
            {
                ExpireEveryLease();
                continue;
            }
            switch (random.Next(10))
            {
                case 0 or 1:
                    await PublishAsync(random);
                    break;
                case 2 or 3 or 4:
                    var stream = _streams[random.Next(_streams.Count)];
                    Receive(stream, _subscription.LeaseFor(stream, random.Next(1, 20)));
                    break;
                case 5:
                    await PullAsync(random.Next(1, 10));
                    break;
                case 6 or 7:
                    Settle(random, nack: false);
                    break;
                case 8:
                    Settle(random, nack: true);
                    break;
                default:
                    ReplaceAStream(random);
                    break;
            }
        }

        await DrainAsync();
        Assert.All(_keys.Values, key => Assert.Equal(key.Published, key.DoneUpTo));
        Assert.Equal(0, _subscription.BacklogCount());
        Assert.Equal(0, _subscription.OrderingKeyCount);
    }

    private async Task PublishAsync(Random random)
    {
        var n = _published++;
        if (random.Next(8) == 0)
        {
            await _harness.PublishKeyedAsync("orders", $"none-{n}");
            return;
        }
        var name = $"k{random.Next(Keys)}";
        var key = Key(name);
        await _harness.PublishKeyedAsync("orders", $"{name}:{key.Published++}");
    }

    private void Receive(MessageConsumer consumer, List<LeasedMessage> batch)
    {
        foreach (var message in batch)
        {
            if (message.Message.OrderingKey.Length == 0)
            {
                _unkeyed.Add(message);
                continue;
            }
            var key = Key(message.Message.OrderingKey);
            var index = int.Parse(BrokerHarness.Text(message).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            var expected = key.InFlight.Count > 0 ? key.InFlight[^1].Index + 1 : key.DoneUpTo;
            _trace.AppendLine($"recv {BrokerHarness.Text(message)} by {consumer.GetHashCode()} ack {message.AckId}");
            Assert.True(index == expected, $"{message.Message.OrderingKey}: got {index}, expected {expected}\n{_trace}");
            if (consumer.OneMessagePerOrderingKey)
            {
                Assert.True(key.InFlight.Count == 0, $"{message.Message.OrderingKey} pulled while {key.InFlight.Count} in flight");
            }
            Assert.All(key.InFlight, held => Assert.True(held.Consumer == consumer || _gone.Contains(held.Consumer),
                $"{message.Message.OrderingKey} delivered to a second live consumer"));
            key.InFlight.Add(new Delivery(index, consumer, message));
        }
    }

    private async Task PullAsync(int maxMessages)
    {
        var pulled = await _harness.Broker.PullAsync(BrokerHarness.SubscriptionName("sub"), maxMessages, returnImmediately: true, CancellationToken.None);
        Receive(PullMarker, [.. pulled]);
    }

    /// <summary>Stands for the unary Pull consumers, which are created per call and gone once it returns.</summary>
    private static readonly MessageConsumer PullMarker = new(10, 0, 0) { OneMessagePerOrderingKey = true };

    /// <summary>Acks or nacks one delivery in flight, as the model and the server both see it.</summary>
    private void Settle(Random random, bool nack)
    {
        if (_unkeyed.Count > 0 && random.Next(4) == 0)
        {
            var plain = _unkeyed[random.Next(_unkeyed.Count)];
            _unkeyed.Remove(plain);
            if (nack)
            {
                _subscription.Nack(plain);
            }
            else
            {
                _subscription.Ack(plain);
            }
            return;
        }
        var busy = _keys.Values.Where(k => k.InFlight.Count > 0).ToList();
        if (busy.Count == 0)
        {
            return;
        }
        var key = busy[random.Next(busy.Count)];
        var position = random.Next(key.InFlight.Count);
        var delivery = key.InFlight[position];
        if (delivery.Acked)
        {
            return; // its ack stands (until an earlier one is nacked); a nack of its id changes nothing
        }
        _trace.AppendLine($"{(nack ? "nack" : "ack")} {BrokerHarness.Text(delivery.Message)} {delivery.Message.AckId}");
        if (nack)
        {
            _subscription.Nack(delivery.Message);
            key.InFlight.RemoveRange(position, key.InFlight.Count - position);
            return;
        }
        _subscription.Ack(delivery.Message);
        key.InFlight[position] = delivery with { Acked = true };
        while (key.InFlight.Count > 0 && key.InFlight[0].Acked)
        {
            key.DoneUpTo = key.InFlight[0].Index + 1;
            key.InFlight.RemoveAt(0);
        }
    }

    /// <summary>
    /// Moves the clock past every lease's deadline (all were taken within one ack deadline, as the clock stands
    /// still otherwise): each key's whole run comes back, and so do the messages without a key.
    /// </summary>
    private void ExpireEveryLease()
    {
        _harness.Time.Advance(TimeSpan.FromSeconds(11));
        _trace.AppendLine("expire all");
        foreach (var key in _keys.Values)
        {
            key.InFlight.Clear();
        }
        _unkeyed.Clear();
    }

    private void ReplaceAStream(Random random)
    {
        var stream = _streams[random.Next(_streams.Count)];
        _subscription.RemoveConsumer(stream);
        _trace.AppendLine($"remove {stream.GetHashCode()}");
        _gone.Add(stream);
        _streams.Remove(stream);
        _streams.Add(_subscription.AddStream());
    }

    /// <summary>Acks everything that comes until nothing is left.</summary>
    private async Task DrainAsync()
    {
        for (var round = 0; round < 10_000 && _subscription.BacklogCount() > 0; round++)
        {
            foreach (var stream in _streams)
            {
                Receive(stream, _subscription.LeaseFor(stream));
            }
            await PullAsync(10);
            foreach (var plain in _unkeyed)
            {
                _subscription.Ack(plain);
            }
            _unkeyed.Clear();
            foreach (var key in _keys.Values)
            {
                foreach (var delivery in key.InFlight.ToList())
                {
                    _subscription.Ack(delivery.Message);
                }
                if (key.InFlight.Count > 0)
                {
                    key.DoneUpTo = key.InFlight[^1].Index + 1;
                    key.InFlight.Clear();
                }
            }
        }
    }

    private KeyModel Key(string name)
    {
        if (!_keys.TryGetValue(name, out var key))
        {
            key = _keys[name] = new KeyModel();
        }
        return key;
    }

    private sealed class KeyModel
    {
        public int Published { get; set; }

        /// <summary>Every index below this is done (acked in key order).</summary>
        public int DoneUpTo { get; set; }

        /// <summary>Delivered and not done, ascending, as the server's run for the key.</summary>
        public List<Delivery> InFlight { get; } = [];
    }

    private sealed record Delivery(int Index, MessageConsumer Consumer, LeasedMessage Message, bool Acked = false);
}
