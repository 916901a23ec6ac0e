namespace HappyBabyHive.LocalRunner.Emulators;

public static class RepositoryRoot
{
    /// <summary>Walks up from the running assembly to the folder holding HappyBabyHive.sln.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HappyBabyHive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (the folder with HappyBabyHive.sln) above " + AppContext.BaseDirectory);
    }
}
