namespace Tidings.PubSub.Subscriptions;

/// <summary>
/// Ascending sequences, appended at the end and mostly removed from the front (an ordering key's messages in
/// flight): a list with a moving start, so removing the first costs nothing and the rest is found by binary search.
/// </summary>
internal sealed class SequenceRun
{
    private readonly List<long> _items = [];
    private int _start;

    public int Count => _items.Count - _start;

    /// <summary>The lowest sequence. Only when <see cref="Count"/> is above 0.</summary>
    public long First => _items[_start];

    /// <summary>Appends a sequence above every one held.</summary>
    public void Add(long sequence)
    {
        if (Count > 0 && sequence <= _items[^1])
        {
            throw new InvalidOperationException($"Sequence {sequence} is not above the run's last, {_items[^1]}.");
        }
        _items.Add(sequence);
    }

    public bool Remove(long sequence)
    {
        if (Count == 0)
        {
            return false;
        }
        if (sequence == First)
        {
            _start++;
            Compact();
            return true;
        }
        var index = _items.BinarySearch(_start, Count, sequence, comparer: null);
        if (index < 0)
        {
            return false;
        }
        _items.RemoveAt(index);
        return true;
    }

    /// <summary>Moves <paramref name="sequence"/> and every later one into <paramref name="into"/>, ascending.</summary>
    public void TakeFrom(long sequence, List<long> into)
    {
        var index = _items.BinarySearch(_start, Count, sequence, comparer: null);
        if (index < 0)
        {
            index = ~index;
        }
        for (var i = index; i < _items.Count; i++)
        {
            into.Add(_items[i]);
        }
        _items.RemoveRange(index, _items.Count - index);
        Compact();
    }

    public void Clear()
    {
        _items.Clear();
        _start = 0;
    }

    /// <summary>Drops the removed front once it is most of the list, so the list does not grow without bound.</summary>
    private void Compact()
    {
        if (_start == _items.Count)
        {
            Clear();
        }
        else if (_start > 32 && _start * 2 > _items.Count)
        {
            _items.RemoveRange(0, _start);
            _start = 0;
        }
    }
}
