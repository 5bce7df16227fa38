using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Counseling.Grains.Pipeline.Synthesis;
using Xunit.Abstractions;

namespace Counseling.Tests.Synthesis;

public sealed class DialogueGeneratorTests(ITestOutputHelper output)
{
    private static string Jsonl(int seed, int count)
    {
        var writer = new StringWriter();
        new DialogueGenerator(seed).WriteJsonl(count, writer);
        return writer.ToString();
    }

    [Fact]
    public void Same_seed_writes_the_same_bytes_and_a_different_seed_does_not()
    {
        var first = Encoding.UTF8.GetBytes(Jsonl(11, 300));
        var second = Encoding.UTF8.GetBytes(Jsonl(11, 300));
        var other = Encoding.UTF8.GetBytes(Jsonl(12, 300));
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);

        // Enumerating one generator twice must not continue its random stream.
        var generator = new DialogueGenerator(11);
        Assert.Equal(generator.Generate(50).ToList(), generator.Generate(50).ToList());
    }

    [Fact]
    public void Every_line_is_an_input_record_with_a_label_and_unescaped_Hangul()
    {
        const int seed = 3;
        var sessions = new DialogueGenerator(seed).Generate(400).ToList();
        var lines = Jsonl(seed, 400).Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.Equal(400, lines.Length - 1);

        for (var i = 0; i < 400; i++)
        {
            var line = lines[i];
            Assert.DoesNotContain("\\u", line);
            Assert.Contains("\"상담 결과\"", line);
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.Equal($"syn_{seed}_{i + 1}", root.GetProperty("session_id").GetString());
            var content = root.GetProperty("consulting_content").GetString();
            Assert.False(string.IsNullOrWhiteSpace(content));
            Assert.InRange(content!.Length, 1, 10_000);
            Assert.Equal("synthetic", root.GetProperty("source").GetString());
            Assert.Contains(root.GetProperty("consulting_category").GetString(), DialogueGenerator.DomainNames);

            var instruction = Assert.Single(root.GetProperty("instructions").EnumerateArray());
            Assert.Equal("분류", instruction.GetProperty("tuning_type").GetString());
            var tasks = instruction.GetProperty("data").EnumerateArray()
                .ToDictionary(t => t.GetProperty("task_category").GetString()!, t => t.GetProperty("output").GetString()!);
            Assert.Equal(["상담 주제", "상담 내용", "상담 결과"], tasks.Keys);
            Assert.Contains(tasks["상담 결과"], OutcomeLabel.All);
            Assert.All(tasks.Values, v => Assert.False(string.IsNullOrWhiteSpace(v)));

            var session = sessions[i];
            Assert.Equal((session.Topic, session.Content, session.Outcome, session.ConsultingContent),
                (tasks["상담 주제"], tasks["상담 내용"], tasks["상담 결과"], content));
        }
    }

    [Fact]
    public void Four_hundred_sessions_cover_all_outcomes_and_at_least_four_domains()
    {
        var sessions = new DialogueGenerator(5).Generate(400).ToList();
        Assert.Equal(OutcomeLabel.All.Order(), sessions.Select(s => s.Outcome).Distinct().Order());
        Assert.True(sessions.Select(s => s.Domain).Distinct().Count() >= 4);
        Assert.True(sessions.Select(s => s.Topic).Distinct().Count() >= 12);
    }

    [Fact]
    public void Outcomes_are_balanced_but_not_equal()
    {
        var shares = new DialogueGenerator(8).Generate(2000).GroupBy(s => s.Outcome)
            .ToDictionary(g => g.Key, g => g.Count() / 2000.0);
        Assert.All(OutcomeLabel.All, label => Assert.InRange(shares[label], 0.15, 0.42));
        Assert.True(shares[OutcomeLabel.Satisfied] > shares[OutcomeLabel.Insufficient] + 0.07);
    }

    [Fact]
    public void Lengths_run_from_5_to_80_utterances_with_short_and_long_calls()
    {
        var counts = new DialogueGenerator(21).Generate(1000)
            .Select(s => TranscriptLines.UtteranceCount(s.ConsultingContent)).ToList();
        Assert.All(counts, c => Assert.InRange(c, 5, 80));
        Assert.Contains(counts, c => c < 10);
        Assert.Contains(counts, c => c > 40);
        Assert.True(counts.Count(c => c is >= 10 and <= 40) >= 400, "most calls should be of ordinary length");
    }

    [Fact]
    public void Transcripts_carry_masks_fillers_and_speech_recognition_fragments()
    {
        var sessions = new DialogueGenerator(13).Generate(300).ToList();
        string[] fillers = ["네.", "어", "음…", "아 네네"];
        double Share(Func<GeneratedSession, bool> has) => sessions.Count(has) / (double)sessions.Count;

        Assert.True(Share(s => s.ConsultingContent.Contains("▲▲▲")) > 0.6, "masked names and numbers");
        Assert.True(Share(s => TranscriptLines.Utterances(s.ConsultingContent).Any(u => fillers.Contains(u))) > 0.5,
            "filler-only turns");
        Assert.True(Share(s => s.ConsultingContent.Split('\n').Any(l => !TranscriptLines.IsTagged(l))) > 0.2,
            "untagged continuation lines");
        // "분, 분실": a restarted word.
        Assert.True(Share(s => Regex.IsMatch(s.ConsultingContent, @"(\p{L}), \1")) > 0.1, "stutters");
        Assert.True(Share(s => Regex.IsMatch(s.ConsultingContent, @"\b(\p{L}{2,}) \1\b")) > 0.1, "repeated words");
    }

    [Fact]
    public void Speakers_are_only_the_four_known_tags_or_untagged_continuations()
    {
        var tagsSeen = new HashSet<string>();
        foreach (var session in new DialogueGenerator(17).Generate(500))
        {
            var lines = session.ConsultingContent.Split('\n');
            Assert.True(TranscriptLines.IsTagged(lines[0]), $"{session.SessionId} starts without a speaker");
            foreach (var line in lines)
            {
                Assert.False(string.IsNullOrWhiteSpace(line), $"{session.SessionId} has an empty line");
                if (TranscriptLines.LooksTagged(line))
                {
                    Assert.True(TranscriptLines.IsTagged(line), $"{session.SessionId}: unknown tag in '{line}'");
                    tagsSeen.Add(line[..line.IndexOf(':')]);
                }
            }
        }
        Assert.Equal(TranscriptLines.Tags.Order(), tagsSeen.Order());
    }

    [Fact]
    public void Label_distribution_and_turns_of_2000_sessions()
    {
        var sessions = new DialogueGenerator(42).Generate(2000).ToList();
        var turns = sessions.Select(s => TranscriptLines.UtteranceCount(s.ConsultingContent)).Order().ToArray();
        foreach (var group in sessions.GroupBy(s => s.Outcome).OrderByDescending(g => g.Count()))
            output.WriteLine($"{group.Key}\t{group.Count()}\t{100.0 * group.Count() / sessions.Count:F1}%\t" +
                $"mean turns {group.Average(s => TranscriptLines.UtteranceCount(s.ConsultingContent)):F1}");
        output.WriteLine($"turns: mean {turns.Average():F1}, min {turns[0]}, median {turns[turns.Length / 2]}, " +
            $"max {turns[^1]}, <10: {turns.Count(t => t < 10)}, 10–40: {turns.Count(t => t is >= 10 and <= 40)}, >40: {turns.Count(t => t > 40)}");
        output.WriteLine("domains: " + string.Join(", ", sessions.GroupBy(s => s.Domain).Select(g => $"{g.Key} {g.Count()}")));
        Assert.InRange(turns.Average(), 15, 45);
    }
}
