using Counseling.Grains.Pipeline.Sentiment.Onnx.Proto;
using Google.Protobuf;

namespace Counseling.Grains.Pipeline.Sentiment.Onnx;

/// <summary>
/// Builds an ONNX model from standard operators (default domain) and writes it as protobuf.
/// Names of values are the caller's; the builder only keeps the graph in insertion order,
/// which keeps the file byte-for-byte the same for the same calls.
/// </summary>
public sealed class OnnxGraph
{
    public const int OpsetVersion = 17;
    private const long IrVersion = 8;

    private readonly GraphProto _graph;
    private int _nodeCount;

    public OnnxGraph(string name) => _graph = new GraphProto { Name = name };

    /// <summary>A graph input. A dimension is a fixed size, or null for a symbolic one named after the input.</summary>
    public void AddInput(string name, TensorElement element, params object[] dims) =>
        _graph.Input.Add(ValueInfo(name, element, dims));

    public void AddOutput(string name, TensorElement element, params object[] dims) =>
        _graph.Output.Add(ValueInfo(name, element, dims));

    public string AddInitializer(string name, int[] dims, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(float)), values[i]);
        return AddRaw(name, dims, TensorElement.Float, bytes, values.Length);
    }

    public string AddInitializer(string name, int[] dims, ReadOnlySpan<Half> values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), values[i]);
        return AddRaw(name, dims, TensorElement.Float16, bytes, values.Length);
    }

    public string AddInitializer(string name, int[] dims, ReadOnlySpan<long> values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(long)), values[i]);
        return AddRaw(name, dims, TensorElement.Int64, bytes, values.Length);
    }

    /// <summary>A 1-d int64 constant, the form Slice, Unsqueeze and ReduceSum take their axes in.</summary>
    public string AddConstant(string name, params long[] values) => AddInitializer(name, [values.Length], values);

    /// <summary>An int64 scalar, for arithmetic that broadcasts over a tensor.</summary>
    public string AddScalar(string name, long value) => AddInitializer(name, [], [value]);

    /// <summary>Adds a node and returns the name of its first output.</summary>
    public string AddNode(string opType, string[] inputs, string output, params OnnxAttribute[] attributes) =>
        AddNode(opType, inputs, [output], attributes)[0];

    public string[] AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nodeCount++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var attribute in attributes) node.Attribute.Add(attribute.ToProto());
        _graph.Node.Add(node);
        return outputs;
    }

    public void WriteTo(Stream stream, string producer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producer,
            ProducerVersion = "1",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        if (metadata is not null)
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        model.WriteTo(stream);
    }

    public byte[] ToBytes(string producer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, producer, metadata);
        return stream.ToArray();
    }

    private string AddRaw(string name, int[] dims, TensorElement element, byte[] raw, int count)
    {
        long expected = 1;
        foreach (var d in dims) expected *= d;
        if (expected != count)
            throw new ArgumentException($"Initializer '{name}' has {count} values for shape [{string.Join(',', dims)}].");
        var tensor = new TensorProto { Name = name, DataType = (int)element, RawData = ByteString.CopyFrom(raw) };
        foreach (var d in dims) tensor.Dims.Add(d);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private static ValueInfoProto ValueInfo(string name, TensorElement element, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => throw new ArgumentException($"Dimension of '{name}' must be an int or a symbol name."),
            });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)element, Shape = shape } },
        };
    }
}

/// <summary>ONNX element types the project writes (values of TensorProto.DataType).</summary>
public enum TensorElement
{
    Float = 1,
    Int64 = 7,
    Float16 = 10,
}

/// <summary>One node attribute: an int, a float, a list of ints, or an element type for Cast.</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);
    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);
    public static OnnxAttribute List(string name, params long[] values) => new(name, Ints: values);

    internal AttributeProto ToProto()
    {
        var proto = new AttributeProto { Name = Name };
        if (Int is { } i) { proto.Type = AttributeProto.Types.AttributeType.Int; proto.I = i; }
        else if (Float is { } f) { proto.Type = AttributeProto.Types.AttributeType.Float; proto.F = f; }
        else if (Ints is { } ints) { proto.Type = AttributeProto.Types.AttributeType.Ints; proto.Ints.AddRange(ints); }
        else throw new InvalidOperationException($"Attribute '{Name}' has no value.");
        return proto;
    }
}
