namespace Counseling.Grains.Diagnostics;

/// <summary>Whether the silo reaches its database; registered only when the silo has one.</summary>
public interface IDatabaseProbe
{
    /// <summary>Throws when the database does not answer within <paramref name="timeout"/>.</summary>
    Task Check(TimeSpan timeout);
}
