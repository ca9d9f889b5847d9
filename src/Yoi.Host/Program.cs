namespace Yoi.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("yoi-supervisor: the commands arrive with the host issue.");
        return 0;
    }
}
