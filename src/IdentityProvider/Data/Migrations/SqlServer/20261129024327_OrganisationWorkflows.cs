using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OrganisationWorkflows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ActivatedAt",
                table: "Organisations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Begruendung",
                table: "Organisations",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAt",
                table: "Organisations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedByUserId",
                table: "Organisations",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Organisations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KontaktEmail",
                table: "Organisations",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectionReason",
                table: "Organisations",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedByUserId",
                table: "Organisations",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Telefon",
                table: "Organisations",
                type: "nvarchar(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Webseite",
                table: "Organisations",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ActivationLetters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    PasswordHash = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ProtectedPassword = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    RecipientName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RecipientFirmierung = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RecipientStrasse = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RecipientHausnummer = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RecipientPlz = table.Column<string>(type: "nvarchar(5)", maxLength: 5, nullable: false),
                    RecipientOrt = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SentAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SentByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    UsedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    UsedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FailedAttempts = table.Column<int>(type: "int", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivationLetters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivationLetters_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    ActorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ChamberId = table.Column<int>(type: "int", nullable: true),
                    SubjectUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    SubjectName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Details = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChamberStaff",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ChamberId = table.Column<int>(type: "int", nullable: false),
                    GrantedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    GrantedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChamberStaff", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_ChamberStaff_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ChamberStaff_Chambers_ChamberId",
                        column: x => x.ChamberId,
                        principalTable: "Chambers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MemberRegister",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ChamberId = table.Column<int>(type: "int", nullable: false),
                    Identnummer = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Firmierung = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Rechtsform = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    Strasse = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Hausnummer = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Plz = table.Column<string>(type: "nvarchar(5)", maxLength: 5, nullable: false),
                    Ort = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    HrNummer = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    Registergericht = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Registerart = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    GeschaeftsfuehrungName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    GeschaeftsfuehrungStrasse = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    GeschaeftsfuehrungHausnummer = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    GeschaeftsfuehrungPlz = table.Column<string>(type: "nvarchar(5)", maxLength: 5, nullable: false),
                    GeschaeftsfuehrungOrt = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberRegister", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberRegister_Chambers_ChamberId",
                        column: x => x.ChamberId,
                        principalTable: "Chambers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrganisationDataChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Firmierung = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Rechtsform = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Strasse = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Hausnummer = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Plz = table.Column<string>(type: "nvarchar(5)", maxLength: 5, nullable: false),
                    Ort = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    HrNummer = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    Registergericht = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Registerart = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    RequestedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DecidedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    RejectionReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationDataChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrganisationDataChanges_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_RequestedByUserId",
                table: "Organisations",
                column: "RequestedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivationLetters_OrganisationId",
                table: "ActivationLetters",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivationLetters_SentAt",
                table: "ActivationLetters",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ChamberId_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "ChamberId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OrganisationId_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "OrganisationId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChamberStaff_ChamberId",
                table: "ChamberStaff",
                column: "ChamberId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberRegister_ChamberId_HrNummer",
                table: "MemberRegister",
                columns: new[] { "ChamberId", "HrNummer" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberRegister_ChamberId_Identnummer",
                table: "MemberRegister",
                columns: new[] { "ChamberId", "Identnummer" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberRegister_ChamberId_Plz",
                table: "MemberRegister",
                columns: new[] { "ChamberId", "Plz" });

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationDataChanges_OrganisationId_Status",
                table: "OrganisationDataChanges",
                columns: new[] { "OrganisationId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivationLetters");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "ChamberStaff");

            migrationBuilder.DropTable(
                name: "MemberRegister");

            migrationBuilder.DropTable(
                name: "OrganisationDataChanges");

            migrationBuilder.DropIndex(
                name: "IX_Organisations_RequestedByUserId",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ActivatedAt",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Begruendung",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "DecidedByUserId",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "KontaktEmail",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "RejectionReason",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "RequestedByUserId",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Telefon",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Webseite",
                table: "Organisations");
        }
    }
}
