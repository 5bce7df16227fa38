namespace Counseling.Grains.Pipeline.Synthesis;

/// <summary>
/// Lays out one call as clean utterances: opening and request, optional identity check, a body of
/// probing, explaining and small talk, then the resolution and the goodbye. The outcome speaks
/// mostly in the resolution, and only through cues that other outcomes borrow now and then.
/// </summary>
internal sealed class DialogueComposer(Dice dice)
{
    public const int MinTurns = 5;
    public const int MaxTurns = 80;

    // Share of resolution lines spoken in the call's own outcome voice; the rest comes from a
    // neighbouring outcome or any outcome, which is what keeps single phrases from deciding the class.
    private const double OwnVoice = 0.6;
    private const double NeighbourVoice = 0.22;

    public List<Turn> Compose(DomainScript domain, TopicScript topic, string place, string outcome, int target)
    {
        var cues = OutcomeCues.For(outcome);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var head = Head(domain, topic, place, target);
        var tail = Tail(topic, outcome, cues, target, used);
        var turns = new List<Turn>(head);
        Body(turns, domain, topic, cues, target - head.Count - tail.Count, used);
        turns.AddRange(tail);
        // The body may overshoot by a pending answer; cut from its end so the resolution survives.
        var excess = turns.Count - MaxTurns;
        if (excess > 0) turns.RemoveRange(turns.Count - tail.Count - excess, excess);
        return turns;
    }

    private List<Turn> Head(DomainScript domain, TopicScript topic, string place, int target)
    {
        var turns = new List<Turn>();
        if (target >= 8 && dice.Chance(0.05)) turns.Add(Turn.Customer(dice.Pick(CallPhrases.CallerFirst)));
        turns.Add(Turn.Counselor(dice.Pick(domain.Openings).Replace("{place}", place).Replace("{name}", "▲▲▲")));
        turns.Add(Turn.Customer(LeadIn(CallPhrases.CustomerLeadIns, 0.3) + dice.Pick(topic.Requests)));
        if (target >= 12 && dice.Chance(0.65))
        {
            var checks = dice.Chance(0.4) ? 2 : 1;
            for (var i = 0; i < checks; i++)
            {
                var check = dice.Pick(domain.Verification);
                turns.Add(Turn.Counselor(check.First));
                turns.Add(Turn.Customer(check.Reply));
            }
            turns.Add(Turn.Counselor(dice.Pick(CallPhrases.VerificationThanks)));
        }
        return turns;
    }

    private void Body(List<Turn> turns, DomainScript domain, TopicScript topic, OutcomeCues cues, int length, HashSet<string> used)
    {
        var start = turns.Count;
        var pending = new Queue<Turn>();
        var counselorNext = !turns[^1].ByCounselor;
        while (turns.Count - start < length || pending.Count > 0)
        {
            if (pending.Count > 0)
            {
                var reply = pending.Dequeue();
                turns.Add(reply);
                counselorNext = !reply.ByCounselor;
                continue;
            }
            var turn = counselorNext ? CounselorMove(domain, topic, cues, pending, used) : CustomerMove(domain, topic, cues, pending, used);
            turns.Add(turn);
            // Now and then the same speaker goes on, as when the other side only listens.
            counselorNext = dice.Chance(0.06) ? turn.ByCounselor : !turn.ByCounselor;
        }
        // The resolution opens with the counselor, who should not speak twice in a row there.
        if (!turns[^1].ByCounselor || length <= 0) return;
        turns.Add(Turn.Customer(dice.Pick(CallPhrases.CustomerFillers)));
    }

    private Turn CounselorMove(DomainScript domain, TopicScript topic, OutcomeCues cues, Queue<Turn> pending, HashSet<string> used)
    {
        // Curt counselors answer in fragments; the weight follows how much filler the outcome tolerates.
        var curt = cues.MoodRate * 6;
        switch (dice.Weighted([3, 3, 1.2, 1, curt, cues.SystemRate * 1.5]))
        {
            case 0:
                // A counselor does not ask the same thing twice; out of questions, they recap instead.
                if (Unused(topic.Probes.Select(p => p.First), used) is not { } asked)
                    return Turn.Counselor(Recap(used));
                var probe = topic.Probes.First(p => p.First == asked);
                pending.Enqueue(Turn.Customer(probe.Reply));
                return Turn.Counselor(LeadIn(CallPhrases.CounselorLeadIns, 0.15) + probe.First);
            case 1:
                if (Unused(topic.Explanations, used) is not { } explanation) return Turn.Counselor(Recap(used));
                if (dice.Chance(0.6)) pending.Enqueue(Turn.Customer(dice.Pick(CallPhrases.CustomerFillers)));
                return Turn.Counselor(LeadIn(CallPhrases.CounselorAnswerLeadIns, 0.35) + explanation);
            case 2:
                var hold = dice.Pick(CallPhrases.Holds);
                pending.Enqueue(Turn.Customer(hold.Reply));
                pending.Enqueue(Turn.Counselor(dice.Pick(CallPhrases.AfterHold)));
                return Turn.Counselor(hold.First);
            case 3:
                return Turn.Counselor(Recap(used));
            case 4:
                return Turn.Counselor(dice.Pick(CallPhrases.CounselorFillers));
            default:
                return Turn.Counselor(dice.Pick(CallPhrases.SystemAndPolicy));
        }
    }

    private Turn CustomerMove(DomainScript domain, TopicScript topic, OutcomeCues cues, Queue<Turn> pending, HashSet<string> used)
    {
        switch (dice.Weighted([3, 3, 1.5, cues.MoodRate * 8]))
        {
            case 0:
                // Once their own questions are spent, customers drift to a neighbouring topic of the same center.
                var source = topic;
                var shift = "";
                if (topic.Questions.All(q => used.Contains(q.First)))
                {
                    if (dice.Chance(0.5)) return Turn.Customer(dice.Pick(CallPhrases.CustomerAsides));
                    source = dice.Pick(domain.Topics);
                    shift = dice.Pick(CallPhrases.CustomerTopicShifts);
                }
                var asked = Unused(source.Questions.Select(q => q.First), used) ?? dice.Pick(source.Questions).First;
                var question = source.Questions.First(q => q.First == asked);
                pending.Enqueue(Turn.Counselor(LeadIn(CallPhrases.CounselorAnswerLeadIns, 0.3) + question.Reply));
                return Turn.Customer(shift + LeadIn(CallPhrases.CustomerLeadIns, 0.25) + question.First);
            case 1:
                return Turn.Customer(dice.Pick(CallPhrases.CustomerFillers));
            case 2:
                return Turn.Customer(dice.Pick(CallPhrases.CustomerAsides));
            default:
                // A quarter of moods are borrowed: calm customers grumble too, and angry ones calm down.
                var moods = dice.Chance(0.25) ? OutcomeCues.For(dice.Pick(OutcomeLabel.All)).Moods : cues.Moods;
                if (dice.Chance(cues.ApologyRate)) pending.Enqueue(Turn.Counselor(dice.Pick(CallPhrases.Empathy)));
                return Turn.Customer(dice.Pick(moods));
        }
    }

    private List<Turn> Tail(TopicScript topic, string outcome, OutcomeCues cues, int target, HashSet<string> used)
    {
        var beats = target switch { < 10 => 1, < 25 => dice.Between(1, 2), < 45 => dice.Between(2, 3), _ => dice.Between(2, 4) };
        var turns = new List<Turn>();
        var apologyAt = dice.Chance(cues.ApologyRate) ? dice.Between(0, beats - 1) : -1;
        var systemAt = dice.Chance(cues.SystemRate) ? dice.Between(0, beats - 1) : -1;
        for (var beat = 0; beat < beats; beat++)
        {
            var voice = OutcomeCues.For(Voice(outcome, cues));
            var line = (Unused(voice.Resolutions, used) ?? dice.Pick(voice.Resolutions)).Replace("{subject}", topic.Subject);
            if (beat == systemAt) line = dice.Pick(CallPhrases.SystemAndPolicy) + " " + line;
            if (beat == apologyAt) line = dice.Pick(CallPhrases.Apologies) + " " + line;
            turns.Add(Turn.Counselor(LeadIn(CallPhrases.CounselorLeadIns, 0.3) + line));
            turns.Add(Turn.Customer(dice.Chance(0.75) ? dice.Pick(voice.Reactions) : dice.Pick(CallPhrases.CustomerFillers)));
        }

        var thanks = dice.Chance(cues.ThanksRate);
        var goodbye = thanks ? dice.Pick(CallPhrases.CustomerThanks) : dice.Pick(CallPhrases.CustomerPlainEnds);
        if (target >= 8 && dice.Chance(0.7))
        {
            turns.Add(Turn.Counselor(dice.Pick(CallPhrases.CounselorClosingQuestions)));
            turns.Add(Turn.Customer(dice.Pick(CallPhrases.CustomerNoMore) + " " + goodbye));
        }
        else
        {
            turns.Add(Turn.Customer(goodbye));
        }
        if (dice.Chance(0.75)) turns.Add(Turn.Counselor(dice.Pick(CallPhrases.CounselorSignOffs)));
        return turns;
    }

    private string Voice(string outcome, OutcomeCues cues)
    {
        var roll = dice.Unit();
        if (roll < OwnVoice) return outcome;
        if (roll < OwnVoice + NeighbourVoice) return cues.Neighbour;
        return dice.Pick(OutcomeLabel.All);
    }

    private string LeadIn(IReadOnlyList<string> leadIns, double rate) => dice.Chance(rate) ? dice.Pick(leadIns) : "";

    // Recaps are said once or twice a call; after that a counselor just acknowledges.
    private string Recap(HashSet<string> used) =>
        Unused(CallPhrases.CounselorChecks, used) ?? dice.Pick(CallPhrases.CounselorFillers);

    // A random line not yet spoken in this call, or null when all have been.
    private string? Unused(IEnumerable<string> lines, HashSet<string> used)
    {
        var fresh = lines.Where(l => !used.Contains(l)).ToArray();
        if (fresh.Length == 0) return null;
        var line = dice.Pick(fresh);
        used.Add(line);
        return line;
    }
}
