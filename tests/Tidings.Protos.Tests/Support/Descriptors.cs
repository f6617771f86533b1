using Google.Api;
using Google.Protobuf.Reflection;

namespace Tidings.Protos.Tests.Support;

/// <summary>Finds generated descriptors by their proto names, so that tests read like the .proto files.</summary>
internal static class Descriptors
{
    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(
        Google.Cloud.Tasks.V2.CloudtasksReflection.Descriptor,
        Google.Cloud.Scheduler.V1.CloudschedulerReflection.Descriptor,
        Google.Cloud.Location.LocationsReflection.Descriptor,
        Google.Cloud.Iam.V1.IamPolicyReflection.Descriptor);

    /// <summary>A message of the files above or their imports, by full name (e.g. google.cloud.tasks.v2.Queue).</summary>
    public static MessageDescriptor Message(string fullName) =>
        Registry.Find(fullName) ?? throw new InvalidOperationException($"no message {fullName}");

    public static FieldDescriptor Field(string messageFullName, string fieldName) =>
        Message(messageFullName).FindFieldByName(fieldName)
        ?? throw new InvalidOperationException($"{messageFullName} has no field {fieldName}");

    /// <summary>The field names of a oneof, in declaration order.</summary>
    public static string[] OneofFields(string messageFullName, string oneofName) =>
        Message(messageFullName).Oneofs.Single(o => o.Name == oneofName).Fields.Select(f => f.Name).ToArray();

    public static MethodDescriptor Method(ServiceDescriptor service, string name) =>
        service.FindMethodByName(name) ?? throw new InvalidOperationException($"{service.FullName} has no method {name}");

    /// <summary>The google.api.http rule of a method as "VERB path", with " body=X" when it has a body.</summary>
    public static string Http(MethodDescriptor method) => Describe(method.GetOptions().GetExtension(AnnotationsExtensions.Http));

    public static string Describe(HttpRule rule)
    {
        var (verb, path) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            _ => throw new InvalidOperationException($"unexpected http pattern {rule.PatternCase}"),
        };
        return rule.Body.Length == 0 ? $"{verb} {path}" : $"{verb} {path} body={rule.Body}";
    }
}
